package main

import (
	"slices"
	"strings"
	"testing"
)

func TestResolveKinds(t *testing.T) {
	tests := []struct {
		name      string
		kinds     string
		fileQueue bool
		want      string // comma-separated; "" with wantErr
		wantErr   string
	}{
		{name: "default", kinds: "ours,contrib", want: "ours,contrib"},
		{name: "three kinds", kinds: "ours,contrib,ours-persistent", want: "ours,contrib,ours-persistent"},
		{name: "persistent alone", kinds: "ours-persistent", want: "ours-persistent"},
		{name: "deprecated flag", kinds: "ours,contrib", fileQueue: true, want: "ours-persistent,contrib"},
		{name: "deprecated flag twice", kinds: "ours,ours-persistent", fileQueue: true, wantErr: "twice"},
		{name: "duplicate", kinds: "contrib,contrib", wantErr: "twice"},
		{name: "unknown", kinds: "ours,persistent", wantErr: `unknown kind "persistent"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := resolveKinds(strings.Split(tt.kinds, ","), tt.fileQueue)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, strings.Split(tt.want, ",")) {
				t.Errorf("kinds %v, want %s", got, tt.want)
			}
		})
	}
}

func TestBinaryPerKind(t *testing.T) {
	o := options{ours: "bin/ours", contrib: "bin/contrib"}
	for kind, want := range map[string]string{"ours": "bin/ours", "ours-persistent": "bin/ours", "contrib": "bin/contrib"} {
		if got := o.binary(kind); got != want {
			t.Errorf("binary(%s) = %s, want %s", kind, got, want)
		}
	}
}
