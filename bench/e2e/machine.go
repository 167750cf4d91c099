package main

import (
	"os"
	"runtime"
	"strings"
)

// machine describes where the figures were measured.
type machine struct {
	CPUModel   string `json:"cpu_model"`
	CPUs       int    `json:"cpus"`
	MemTotal   string `json:"mem_total"`
	Kernel     string `json:"kernel"`
	GoVersion  string `json:"go_version"`
	LoadBefore string `json:"load_before"`
	LoadAfter  string `json:"load_after"`
}

func describeMachine() machine {
	return machine{
		CPUModel:   procField("/proc/cpuinfo", "model name"),
		CPUs:       runtime.NumCPU(),
		MemTotal:   procField("/proc/meminfo", "MemTotal"),
		Kernel:     strings.TrimSpace(readFile("/proc/sys/kernel/osrelease")),
		GoVersion:  runtime.Version(),
		LoadBefore: loadAverage(),
	}
}

// loadAverage is the 1/5/15-minute load from /proc/loadavg.
func loadAverage() string {
	f := strings.Fields(readFile("/proc/loadavg"))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// procField returns the value of the first "key: value" line of a /proc file.
func procField(path, key string) string {
	for _, line := range strings.Split(readFile(path), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

func readFile(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return string(b)
}
