package attachment

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// DOC and XLS, the binary office formats before 2007, are read by catdoc
// and xls2csv (the Debian package catdoc), run as separate processes on
// the machine that builds bundles, never in the reader: a crash or a hang
// in them costs one file's text, within ToolTimeout and maxToolOutput.

// ToolTimeout bounds one run of an external program on one file.
const ToolTimeout = 30 * time.Second

// maxToolOutput bounds the bytes of a program's output kept.
const maxToolOutput = 4 * MaxText

// ToolMissingError reports that the program that reads a type of file is
// not installed on this machine.
type ToolMissingError struct {
	Type    string // the file type: "DOC", "XLS", "PDF"
	Purpose string // what the program is for, when not reading the type's text
	Tool    string // the program: "catdoc", "xls2csv", "pdftoppm", "tesseract"
	Package string // the Debian package that installs it
}

func (e *ToolMissingError) Error() string {
	if e.Purpose != "" {
		return fmt.Sprintf("attachment: %s needs %s, which is not installed: install the %s package on the publishing machine",
			e.Purpose, e.Tool, e.Package)
	}
	return fmt.Sprintf("attachment: reading %s text needs %s, which is not installed: install the %s package on the publishing machine",
		e.Type, e.Tool, e.Package)
}

// ErrTool reports an external program that failed on a file.
var ErrTool = errors.New("attachment: external program failed")

// tool is the program that reads a type and its arguments before the file.
type tool struct {
	name, pkg string
	args      []string
}

var tools = map[string]tool{
	"DOC": {"catdoc", "catdoc", []string{"-d", "utf-8", "-w"}},
	"XLS": {"xls2csv", "catdoc", []string{"-d", "utf-8", "-q", "0", "-c", "\t"}},
}

// PublishText is Extract for the machine that builds bundles: it also
// reads DOC and XLS with their external program. When the program is not
// installed it returns status ToolMissing and a *ToolMissingError saying
// what to install; when the program fails, NoTextLayer and an error
// wrapping ErrTool. The caller warns and carries on: a file without text
// is still published.
func PublishText(ctx context.Context, mime, name string, data []byte) (Text, error) {
	t := typeOf(mime, name)
	if t == nil || t.Text != ToolText {
		return Extract(mime, name, data), nil
	}
	if len(data) > MaxOfficeFile {
		return Text{Status: TooLarge}, nil
	}
	tl := tools[t.Label]
	bin, err := exec.LookPath(tl.name)
	if err != nil {
		return Text{Status: ToolMissing}, &ToolMissingError{Type: t.Label, Tool: tl.name, Package: tl.pkg}
	}
	out, cut, err := runTool(ctx, bin, tl.args, data)
	if err != nil {
		return Text{Status: NoTextLayer}, fmt.Errorf("%w: %s on %q: %w", ErrTool, tl.name, name, err)
	}
	return toolText(t.Label, out, cut), nil
}

// runTool runs a program on data written to a temporary file, within
// ToolTimeout, keeping at most maxToolOutput bytes of what it prints.
func runTool(ctx context.Context, bin string, args []string, data []byte) (out []byte, cut bool, err error) {
	f, err := os.CreateTemp("", "bipkiosk-attachment-*")
	if err != nil {
		return nil, false, err
	}
	defer os.Remove(f.Name())
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, false, err
	}
	ctx, cancel := context.WithTimeout(ctx, ToolTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append(append([]string(nil), args...), f.Name())...)
	stdout := &capped{max: maxToolOutput}
	stderr := &capped{max: 512}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.WaitDelay = time.Second
	if err := cmd.Run(); err != nil {
		if msg := strings.TrimSpace(stderr.b.String()); msg != "" {
			err = fmt.Errorf("%w (%s)", err, msg)
		}
		return nil, false, err
	}
	return stdout.b.Bytes(), stdout.cut, nil
}

// capped is a writer that keeps the first max bytes and drops the rest.
type capped struct {
	b   bytes.Buffer
	max int
	cut bool
}

func (c *capped) Write(p []byte) (int, error) {
	n := len(p) // all of it taken, so the program is not stopped by a short write
	room := c.max - c.b.Len()
	if len(p) > room {
		c.cut = true
		p = p[:max(room, 0)]
	}
	c.b.Write(p)
	return n, nil
}

// toolText puts a program's output in the shape of office text: catdoc's
// lines are paragraphs, its tab-separated lines (table rows) tables;
// xls2csv's sheets (separated by form feeds) are tables of tab-separated
// cells.
func toolText(label string, out []byte, cut bool) Text {
	d := &docText{cut: cut}
	s := strings.ToValidUTF8(string(out), "\uFFFD")
	if label == "XLS" {
		for _, sheet := range strings.Split(s, "\f") {
			d.table(tabRows(strings.Split(sheet, "\n")))
		}
		return d.result()
	}
	var rows []string
	for _, line := range strings.Split(s, "\n") {
		if strings.Contains(line, "\t") {
			rows = append(rows, line)
			continue
		}
		d.table(tabRows(rows))
		rows = nil
		d.para(line)
	}
	d.table(tabRows(rows))
	return d.result()
}

// tabRows splits lines into cells at tabs.
func tabRows(lines []string) [][]string {
	rows := make([][]string, len(lines))
	for i, l := range lines {
		rows[i] = strings.Split(strings.TrimRight(l, "\r"), "\t")
	}
	return rows
}
