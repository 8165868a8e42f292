package server

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/portdesk/portdesk/internal/ranges"
)

// rangeCollector reports the range data in use at each scrape, so an alert can fire when a
// register is missing (no blocks) or stale (its date is old).
type rangeCollector struct {
	status                        func() ranges.Status
	blocks, files, dated, failing *prometheus.Desc
}

func newRangeCollector(status func() ranges.Status) *rangeCollector {
	reg := []string{"register"}
	return &rangeCollector{
		status:  status,
		blocks:  prometheus.NewDesc("portdesk_range_blocks", "Number blocks in use per register (ofcom, nanpa, nanpa_block, cnac); 0 when none is loaded, and UK range holders are then unknown.", reg, nil),
		files:   prometheus.NewDesc("portdesk_range_files", "Register files loaded per register.", reg, nil),
		dated:   prometheus.NewDesc("portdesk_range_register_date_seconds", "The register's date (its newest file's) as a Unix time; absent while none of its files is loaded.", reg, nil),
		failing: prometheus.NewDesc("portdesk_range_reload_failed", "1 when the last reload of the range files failed and older data is still in use.", nil, nil),
	}
}

func (c *rangeCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.blocks
	ch <- c.files
	ch <- c.dated
	ch <- c.failing
}

func (c *rangeCollector) Collect(ch chan<- prometheus.Metric) {
	st := c.status()
	for _, r := range st.Registers {
		ch <- prometheus.MustNewConstMetric(c.blocks, prometheus.GaugeValue, float64(r.Blocks), string(r.Register))
		ch <- prometheus.MustNewConstMetric(c.files, prometheus.GaugeValue, float64(r.Files), string(r.Register))
		if !r.Dated.IsZero() {
			ch <- prometheus.MustNewConstMetric(c.dated, prometheus.GaugeValue, float64(r.Dated.Unix()), string(r.Register))
		}
	}
	failed := 0.0
	if st.Problem != "" {
		failed = 1
	}
	ch <- prometheus.MustNewConstMetric(c.failing, prometheus.GaugeValue, failed)
}
