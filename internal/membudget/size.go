package membudget

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Binary size units.
const (
	KiB int64 = 1 << 10
	MiB int64 = 1 << 20
	GiB int64 = 1 << 30
	TiB int64 = 1 << 40
)

var units = map[string]int64{
	"": 1, "b": 1,
	"k": KiB, "ki": KiB, "kib": KiB, "kb": 1e3,
	"m": MiB, "mi": MiB, "mib": MiB, "mb": 1e6,
	"g": GiB, "gi": GiB, "gib": GiB, "gb": 1e9,
	"t": TiB, "ti": TiB, "tib": TiB, "tb": 1e12,
}

// errSize is the error every malformed size wraps.
var errSize = errors.New("want a size such as 512MiB, 2GiB or 1500MB")

// ParseSize parses a memory size: a number, optionally with a fraction,
// followed by a unit: B, KiB, MiB, GiB, TiB (and K, M, G, T, the same
// binary units, as ulimit and container runtimes write them) or KB, MB,
// GB, TB (decimal). Case and a space before the unit do not matter. Every
// value GOMEMLIMIT accepts is accepted.
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := strings.IndexFunc(t, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	if i < 0 {
		i = len(t)
	}
	num, unit := t[:i], strings.ToLower(strings.TrimSpace(t[i:]))
	mult, ok := units[unit]
	if num == "" || !ok {
		return 0, fmt.Errorf("size %q: %w", s, errSize)
	}
	if !strings.Contains(num, ".") {
		n, err := strconv.ParseInt(num, 10, 64)
		if err != nil || n > math.MaxInt64/mult {
			return 0, fmt.Errorf("size %q: %w", s, errSize)
		}
		return n * mult, nil
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || f*float64(mult) >= math.MaxInt64 {
		return 0, fmt.Errorf("size %q: %w", s, errSize)
	}
	return int64(f * float64(mult)), nil
}

// FormatSize writes n bytes for a reader: "512 MiB", "1.5 GiB", "900 KiB".
func FormatSize(n int64) string {
	switch {
	case n >= GiB && n%GiB == 0:
		return fmt.Sprintf("%d GiB", n/GiB)
	case n >= 10*GiB:
		return fmt.Sprintf("%.0f GiB", float64(n)/float64(GiB))
	case n >= GiB:
		return fmt.Sprintf("%.1f GiB", float64(n)/float64(GiB))
	case n >= MiB:
		return fmt.Sprintf("%d MiB", (n+MiB/2)/MiB)
	case n >= KiB:
		return fmt.Sprintf("%d KiB", (n+KiB/2)/KiB)
	}
	return fmt.Sprintf("%d B", n)
}
