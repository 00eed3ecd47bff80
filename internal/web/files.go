package web

import (
	"net/http"

	"bipkiosk/internal/store"
)

// filesPage lists every attachment of the bulletin.
type filesPage struct {
	*Layout
	Total int
	Table attachmentTable
	Pager Pager
}

func (h *handler) showFiles(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, "files", func(rd *store.Reader, lay *Layout) (any, error) {
		lay.Title = lay.T("files.title")
		page, err := pageParam(r)
		if err != nil {
			return nil, err
		}
		entries, total, err := rd.Attachments((page-1)*pageSize, pageSize)
		if err != nil {
			return nil, err
		}
		p := filesPage{Layout: lay, Total: total, Table: lay.attachmentTable("bk-files", lay.T("att.caption"), true)}
		for _, e := range entries {
			p.Table.Items = append(p.Table.Items, lay.attachmentView(e.Attachment, e.Node))
		}
		p.Pager = lay.newPager("/pliki", nil, page, total)
		return p, nil
	})
}
