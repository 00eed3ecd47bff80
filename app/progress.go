package app

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// progress draws "label: done/total (pct%)" on one terminal line, at most
// ten times a second; when the output is not a terminal it stays silent.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	label string
	on    bool
	last  time.Time
	drawn bool
}

func newProgress(e *env, label string) *progress {
	return &progress{w: e.stderr, label: label, on: e.interactive}
}

// update is safe to call from any goroutine, as often as the caller likes.
func (p *progress) update(done, total int) {
	if !p.on {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if now := time.Now(); done < total && now.Sub(p.last) < 100*time.Millisecond {
		return
	} else {
		p.last = now
	}
	pct := 100
	if total > 0 {
		pct = done * 100 / total
	}
	fmt.Fprintf(p.w, "\r%s: %d/%d (%d%%)\x1b[K", p.label, done, total, pct)
	p.drawn = true
}

// finish ends the progress line so later output starts on a fresh line.
func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprintln(p.w)
		p.drawn = false
	}
}
