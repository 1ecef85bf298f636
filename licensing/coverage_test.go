package licensing_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tollgate-dev/tollgate/licensing"
	lt "github.com/tollgate-dev/tollgate/licensing/licensetest"
)

// TestLicenseInUsedPackageDirectory: a module whose only license file sits
// in the directory of the package the build uses is under that license,
// not unknown; a NOTICE in a nested directory reaches the notices; a
// module whose license files are in an unused directory stays unknown.
func TestLicenseInUsedPackageDirectory(t *testing.T) {
	dir := t.TempDir()
	env := lt.Proxy(t, dir, []lt.Module{
		{Path: "example.com/sdk", Version: "v1.0.0", Packages: []string{"", "client"}, Files: map[string]string{
			"client/LICENSE": lt.Text(t, "License/Apache-2.0/pristine.txt"),
			"client/NOTICE":  "SDK client\nCopyright 2024 Example Corp.\n",
		}},
		{Path: "example.com/unused", Version: "v1.0.0", Packages: []string{"", "other"}, Files: map[string]string{
			"other/LICENSE": lt.Text(t, "License/MIT/pristine.txt"),
		}},
	})
	root := filepath.Join(dir, "repo")
	lt.Write(t, root, map[string]string{"go.mod": "module example.com/app\n\ngo 1.21\n", "main.go": lt.Main("example.com/sdk/client", "example.com/unused")})
	env.Go(t, root, "mod", "tidy")
	res, err := licensing.Analyze(context.Background(), licensing.Options{Root: root, Env: env.Vars(), Classifier: shared, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	sdk, unused := module(t, res, "example.com/sdk"), module(t, res, "example.com/unused")
	if sdk.Concluded != "Apache-2.0" || sdk.Verdict != licensing.VerdictAllowed {
		t.Errorf("sdk: %q %s, want Apache-2.0 allowed", sdk.Concluded, sdk.Verdict)
	}
	if unused.Concluded != "" || unused.Verdict != licensing.VerdictUnknown {
		t.Errorf("a license in an unused package's directory was taken: %q %s", unused.Concluded, unused.Verdict)
	}
	var buf bytes.Buffer
	if err := licensing.WriteNotices(&buf, res); err != nil {
		t.Fatal(err)
	}
	if s := buf.String(); !strings.Contains(s, "--- example.com/sdk v1.0.0: client/NOTICE") || !strings.Contains(s, "Copyright 2024 Example Corp.") {
		t.Errorf("the nested NOTICE is not in the notices:\n%s", s)
	}
}
