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

// A reader sees the update check as it stood when the read began, so a page
// reports the same check in its footer as in its ETag.
func TestReaderSeesUpdateCheckOfItsRead(t *testing.T) {
	s, _ := openTest(t, Options{})
	mustImport(t, s, bulletin(1, "a"))
	err := s.Read(func(r *Reader) error {
		if _, err := r.LastUpdateCheck(); !errors.Is(err, ErrNotFound) {
			t.Errorf("never checked: got %v, want ErrNotFound", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	first := UpdateCheck{URL: "https://bip.example/bundle.zip", At: t0, Result: UpdateUnchanged}
	if err := s.RecordUpdateCheck(first); err != nil {
		t.Fatal(err)
	}
	err = s.Read(func(r *Reader) error {
		if err := s.RecordUpdateCheck(UpdateCheck{At: t0.Add(time.Hour), Result: UpdateFailed}); err != nil {
			return err
		}
		got, err := r.LastUpdateCheck()
		if err != nil || !got.At.Equal(first.At) || got.Result != first.Result {
			t.Errorf("check recorded during the read: got %+v, %v, want the one before it", got, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
