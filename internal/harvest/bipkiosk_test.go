package harvest

import "testing"

func TestBipKioskFixture(t *testing.T) { checkAdapter(t, BipKiosk, "bipkiosk") }
