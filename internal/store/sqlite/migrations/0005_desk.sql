-- The porting team's desk (#5): why a request was sent back, the carrier's committed date,
-- and who works it.
ALTER TABLE port_ins ADD COLUMN rejections TEXT NOT NULL DEFAULT '[]';
ALTER TABLE port_ins ADD COLUMN foc INTEGER;
ALTER TABLE port_ins ADD COLUMN assigned_to INTEGER REFERENCES users (id);
CREATE INDEX port_ins_foc ON port_ins (foc) WHERE foc IS NOT NULL;
