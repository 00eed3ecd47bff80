package harvest

import "testing"

func TestWordPressFixture(t *testing.T) { checkAdapter(t, WordPress, "wordpress") }
