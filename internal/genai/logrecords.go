package genai

import (
	"iter"

	"go.opentelemetry.io/collector/pdata/plog"
)

// LogRecords yields every log record of ld, in order: the walk over resource logs, scope logs
// and records that the processor's content join and the exporter's feedback readers share.
func LogRecords(ld plog.Logs) iter.Seq[plog.LogRecord] {
	return func(yield func(plog.LogRecord) bool) {
		rls := ld.ResourceLogs()
		for i := 0; i < rls.Len(); i++ {
			sls := rls.At(i).ScopeLogs()
			for j := 0; j < sls.Len(); j++ {
				lrs := sls.At(j).LogRecords()
				for k := 0; k < lrs.Len(); k++ {
					if !yield(lrs.At(k)) {
						return
					}
				}
			}
		}
	}
}
