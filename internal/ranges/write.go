package ranges

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// The writers produce files in each register's published layout. PortDesk commits no real
// register data: tests and benchmarks write their own files with these.

// Ofcom headers, exactly as published (files start with a UTF-8 BOM).
const (
	OfcomGeographicHeader    = "NMS Number Block: Number Block,Block Status,CP Name,Geographic Number Length,Allocation Date,Notes"
	OfcomNonGeographicHeader = "NMS Number Block: Number Block,Block Status,CP Name,Non Geo Number Length,Allocation Date"
	NANPAHeader              = "State\tNPA-NXX\tOCN\tCompany\tRateCenter\tEffectiveDate\tUse\tAssignDate\tInitial/Growth\tPooled Code\tIn Service"
	NANPABlockHeader         = "State\tNPA-NXX\tX\tOCN\tCompany\tRateCenter\tEffectiveDate\tUse\tAssignDate\tInitial/Growth\tIn Service"
	CNACHeader               = "NPA,CO Code (NXX),Status,Exchange Area,Company"
)

// WriteOfcom writes UK blocks (Prefix starting "44") as an Ofcom S1 (geographic) or S3-S9
// (non-geographic) file.
func WriteOfcom(w io.Writer, geographic bool, blocks []Block) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("\uFEFF")
	if geographic {
		bw.WriteString(OfcomGeographicHeader + "\r\n")
	} else {
		bw.WriteString(OfcomNonGeographicHeader + "\r\n")
	}
	for _, b := range blocks {
		nsn := strings.TrimPrefix(b.Prefix, "44")
		// Ofcom groups the block's digits 4-2-rest: "1134 96 0".
		grouped := nsn
		if len(nsn) > 6 {
			grouped = nsn[:4] + " " + nsn[4:6] + " " + nsn[6:]
		} else if len(nsn) > 4 {
			grouped = nsn[:4] + " " + nsn[4:]
		}
		if geographic {
			fmt.Fprintf(bw, "%s,%s,%s,10,01/04/2005,\r\n", grouped, b.Status, csvCell(b.Holder))
		} else {
			fmt.Fprintf(bw, "%s,%s,%s,10,01/04/2005\r\n", grouped, b.Status, csvCell(b.Holder))
		}
	}
	return bw.Flush()
}

// WriteNANPA writes US central-office codes (Prefix "1"+NPA+NXX), tab-separated.
func WriteNANPA(w io.Writer, blocks []Block) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(NANPAHeader + "\n")
	for _, b := range blocks {
		d := strings.TrimPrefix(b.Prefix, "1")
		fmt.Fprintf(bw, "NJ\t%s-%s\t9999\t%s\t%s\t01/01/2000\tAS\t01/01/2000\tI\tN\t%s\n", d[:3], d[3:6], b.Holder, b.Area, yn(b))
	}
	return bw.Flush()
}

// WriteNANPABlocks writes US thousands blocks (Prefix "1"+NPA+NXX+X), tab-separated.
func WriteNANPABlocks(w io.Writer, blocks []Block) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(NANPABlockHeader + "\n")
	for _, b := range blocks {
		d := strings.TrimPrefix(b.Prefix, "1")
		fmt.Fprintf(bw, "NJ\t%s-%s\t%s\t9999\t%s\t%s\t01/01/2000\tAS\t01/01/2000\tI\t%s\n", d[:3], d[3:6], d[6:7], b.Holder, b.Area, yn(b))
	}
	return bw.Flush()
}

// WriteCNAC writes Canadian central-office codes as CNAC's COCodeStatus_ALL.csv.
func WriteCNAC(w io.Writer, blocks []Block) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(CNACHeader + "\r\n")
	for _, b := range blocks {
		d := strings.TrimPrefix(b.Prefix, "1")
		fmt.Fprintf(bw, "%s,%s,%s,%s,%s\r\n", d[:3], d[3:6], b.Status, csvCell(b.Area), csvCell(b.Holder))
	}
	return bw.Flush()
}

func yn(b Block) string {
	if b.InService() {
		return "Y"
	}
	return "N"
}

func csvCell(s string) string {
	if strings.ContainsAny(s, ",\"\r\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}
