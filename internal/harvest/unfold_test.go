package harvest

import (
	"reflect"
	"testing"
)

// TestUnfold checks that the menu pieced together from every page's menu
// holds every branch: pages that open only their own sub-menu, and path
// menus that list under an ancestor only the next step of the path.
func TestUnfold(t *testing.T) {
	item := func(title string, kids ...MenuItem) MenuItem {
		return MenuItem{Title: title, URL: "/p/" + title, Children: kids}
	}
	tests := []struct {
		name  string
		menus [][]MenuItem
		want  []MenuItem
	}{
		{name: "closed branches opened by other pages",
			menus: [][]MenuItem{{item("a"), item("b")}, {item("a", item("a1"), item("a2")), item("b")}},
			want:  []MenuItem{item("a", item("a1"), item("a2")), item("b")}},
		{name: "a path menu's one-entry branch completed by the longer list",
			menus: [][]MenuItem{
				{item("a", item("a2", item("a2x"))), item("b")},
				{item("a", item("a1"), item("a2"), item("a3")), item("b")},
			},
			want: []MenuItem{item("a", item("a1"), item("a2", item("a2x")), item("a3")), item("b")}},
		{name: "the longer list first, the path after",
			menus: [][]MenuItem{
				{item("a", item("a1"), item("a2"), item("a3")), item("b")},
				{item("a", item("a2", item("a2x"))), item("b")},
			},
			want: []MenuItem{item("a", item("a1"), item("a2", item("a2x")), item("a3")), item("b")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cloneMenu(tt.menus[0])
			for _, m := range tt.menus {
				unfold(got, m)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
