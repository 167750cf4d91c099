package main

import (
	"errors"
	"fmt"
	"os"
)

// soakResult is what scripts/soak.sh (make soak) writes: the shipped config at a steady rate
// with many sessions, the collector's RSS over the run.
type soakResult struct {
	Finished           string  `json:"finished"`
	Rate               float64 `json:"rate"`
	Duration           string  `json:"duration"`
	SessionsConfigured int     `json:"sessions_configured"`
	Accepted           int64   `json:"accepted"`
	Rows               int64   `json:"rows"`
	DistinctEventIDs   int64   `json:"distinct_event_ids"`
	RSSMedianMiB       float64 `json:"rss_median_mib"`
	RSSMaxMiB          float64 `json:"rss_max_mib"`
	VMHWMMiB           float64 `json:"vm_hwm_mib"`
}

// readSoak reads a soak result; a missing file (no make soak run yet) is no result.
func readSoak(path string) (*soakResult, error) {
	if path == "" {
		return nil, nil
	}
	s, err := readJSON[soakResult](path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	return s, err
}

// withinMB reports whether MiB fits a goal stated in MB.
func withinMB(mib, mb float64) bool { return mib*1.048576 <= mb }

// rssGoalRow is the RSS goal's row: make bench's latency phase and, when make soak ran, its
// steady state with many sessions (the follow-up state full), each judged on its own.
func rssGoalRow(rate float64, rss []float64, atRate bool, soak *soakResult) string {
	benchMet := atRate && withinMB(maxOf(rss), 150)
	measured := fmt.Sprintf("%.0f MiB median, %.0f MiB worst round", median(rss), maxOf(rss))
	verdict := met(benchMet)
	if soak != nil {
		lossless := soak.Rows == soak.Accepted && soak.DistinctEventIDs == soak.Rows
		measured += fmt.Sprintf("; `make soak` (%s, shipped config, %.0f spans/s for %s, %d sessions configured, %d / %d spans stored once): %.0f MiB median, VmHWM %.0f MiB",
			soak.Finished, soak.Rate, soak.Duration, soak.SessionsConfigured, soak.Rows, soak.Accepted, soak.RSSMedianMiB, soak.VMHWMMiB)
		soakMet := lossless && withinMB(soak.VMHWMMiB, 150)
		if benchMet != soakMet {
			verdict = fmt.Sprintf("%s in `make bench`, %s in `make soak`", met(benchMet), met(soakMet))
		}
	}
	return fmt.Sprintf("| peak RSS (VmHWM) at %.0f spans/s | ≤ 150 MB | %s | %s |\n", rate, measured, verdict)
}
