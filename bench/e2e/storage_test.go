package main

import "testing"

func TestDataDirArg(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"chlauncher", "-lib", "x.so", "-path", "/dev/shm/ch", "-tcp-port", "9000"}, "/dev/shm/ch"},
		{[]string{"clickhouse", "server", "--path=/var/lib/clickhouse"}, "/var/lib/clickhouse"},
		{[]string{"clickhouse", "server", "--path", "/data"}, "/data"},
		{[]string{"clickhouse", "server", "-path"}, ""},
		{[]string{"clickhouse", "server"}, ""},
	}
	for _, tt := range tests {
		if got := dataDirArg(tt.args); got != tt.want {
			t.Errorf("dataDirArg(%q) = %q, want %q", tt.args, got, tt.want)
		}
	}
}
