package harvest

import "testing"

func TestGovHostFixture(t *testing.T) { checkAdapter(t, GovHost, "govhost") }
