package harvest

import "testing"

func TestPortalBIPFixture(t *testing.T) { checkAdapter(t, PortalBIP, "portalbip") }
