package store

import (
	"errors"
	"testing"
	"time"
)

func TestUpdateCheckSurvivesReopen(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.LastUpdateCheck(); !errors.Is(err, ErrNotFound) {
		t.Errorf("never checked: got %v, want ErrNotFound", err)
	}
	want := UpdateCheck{URL: "https://bip.example/bundle.zip", At: t0, Result: UpdateRefused, Sequence: 9,
		Error: "bundle.zip: signature does not match", Next: t0.Add(time.Hour)}
	if err := s.RecordUpdateCheck(want); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = reopen(t, dir, Options{})
	got, err := s.LastUpdateCheck()
	if err != nil || !got.At.Equal(want.At) || !got.Next.Equal(want.Next) || got.URL != want.URL ||
		got.Result != want.Result || got.Sequence != want.Sequence || got.Error != want.Error {
		t.Errorf("got %+v, %v, want %+v", got, err, want)
	}
	if err := s.PutSetting(updateCheckSetting, []byte("{not json")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.LastUpdateCheck(); err == nil || errors.Is(err, ErrNotFound) {
		t.Errorf("damaged record: got %v, want a read error", err)
	}
}
