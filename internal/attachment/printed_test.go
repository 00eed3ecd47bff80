package attachment

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// printedHTML is a page with the kerning pairs (AV, WA, Ty, Yo, LT) and
// Polish signs that Chromium prints glyph by glyph in Identity-H fonts.
const printedHTML = `<!doctype html><html lang="pl"><meta charset="utf-8">
<style>body{font-family:serif;font-size:14pt;font-kerning:normal;text-rendering:optimizeLegibility}</style>
<h1>Uchwała nr XII/85/2025 Rady Miasta Żuromin</h1>
<p>z dnia 5 października 2025 r. w sprawie ogłoszeń publicznych i wydatków bieżących.
AVATAR WAVY Tę, Ty, Yo, Vo, LT, P. TAWERNA „Pod Wawelem” — Łódź, Świętokrzyskie.</p>
<p>§ 1. Wydatki majątkowe i zadania inwestycyjne Zażółć gęślą jaźń.</p>
<p style="page-break-before:always">Strona druga: Оголошення для громадян України.</p>`

// chromiumPrinted prints printedHTML with headless Chromium's
// --print-to-pdf; nil where Chromium is not installed (outside CI).
func chromiumPrinted(t testing.TB) []byte {
	t.Helper()
	bin, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium is not installed: run scripts/setup --test")
		}
		return nil
	}
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "in.html"), filepath.Join(dir, "out.pdf")
	if err := os.WriteFile(src, []byte(printedHTML), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--print-to-pdf="+dst, "file://"+src)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium --print-to-pdf: %v\n%s", err, out)
	}
	data, err := os.ReadFile(dst)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
