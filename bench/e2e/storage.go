package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// clickhouseStorage describes the filesystem under the data directory of the local ClickHouse
// with this pid (its -path / --path= argument): the server's CPU per span depends on it (on
// ext4 without a journal, creating part files costs more the more were deleted lately).
func clickhouseStorage(pid int) string {
	if pid <= 0 {
		return ""
	}
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	if err != nil {
		return ""
	}
	dir := dataDirArg(strings.Split(strings.TrimRight(string(raw), "\x00"), "\x00"))
	if dir == "" {
		return ""
	}
	var fs syscall.Statfs_t
	if err := syscall.Statfs(dir, &fs); err != nil {
		return dir
	}
	return fmt.Sprintf("%s on %s", dir, filesystemName(int64(fs.Type)))
}

// dataDirArg finds the data directory in a ClickHouse (or chDB launcher) command line.
func dataDirArg(args []string) string {
	for i, a := range args {
		for _, flag := range []string{"-path", "--path"} {
			if a == flag && i+1 < len(args) {
				return args[i+1]
			}
			if v, ok := strings.CutPrefix(a, flag+"="); ok {
				return v
			}
		}
	}
	return ""
}

func filesystemName(magic int64) string {
	switch magic {
	case 0x01021994:
		return "tmpfs"
	case 0xEF53:
		return "ext2/3/4"
	case 0x58465342:
		return "xfs"
	case 0x9123683E:
		return "btrfs"
	case 0x794c7630:
		return "overlayfs"
	}
	return fmt.Sprintf("filesystem 0x%x", magic)
}
