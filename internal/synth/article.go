package synth

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"bipkiosk/internal/content"
)

// articles emits count articles into a leaf section, newest first.
func (g *gen) articles(sec *genNode, c *category, year, month, count int) {
	times := make([]time.Time, count)
	for i := range times {
		y, m := year, month
		if y == 0 {
			y = oldestYear + g.rng.IntN(newestYear-oldestYear+1)
		}
		if m == 0 {
			m = 1 + g.rng.IntN(12)
		}
		times[i] = time.Date(y, time.Month(m), 1+g.rng.IntN(28), 7+g.rng.IntN(9), g.rng.IntN(60), g.rng.IntN(60), 0, time.UTC)
	}
	slices.SortFunc(times, func(a, b time.Time) int { return b.Compare(a) })
	for i, t := range times {
		g.emit(g.article(sec, c, i+1, t))
	}
}

// doc is an article's text before it is padded to its length.
type doc struct {
	title string
	head  []block
	more  func() block   // another block for the middle
	tail  func() []block // the closing blocks, made after the middle
	file  string         // file name stem
	att   string         // attachment title
}

// latest caps generated times: a bulletin does not publish the future.
var latest = time.Date(newestYear, 12, 31, 23, 0, 0, 0, time.UTC)

// article makes one article; each has its own generator, so its content
// does not depend on how long the ones before it were.
func (g *gen) article(sec *genNode, c *category, order int, created time.Time) *genNode {
	idx := g.count
	g.count++
	rng := rand.New(rand.NewPCG(uint64(g.opts.Seed)^0xa57c1e, uint64(idx)))
	f := &filler{rng: rng, t: g.town, year: created.Year()}
	d := g.document(f, c, created)
	body := slices.Clone(d.head)
	for target := 1000 + rng.IntN(4001); bodySize(body) < target; {
		body = append(body, d.more())
	}
	if d.tail != nil {
		body = append(body, d.tail()...)
	}

	n := &genNode{body: body, html: idx%7 == 3}
	n.node = content.Node{
		Path:   sec.node.Path + "/" + d.file + "-" + strconv.Itoa(idx+1),
		Parent: sec.node.ID,
		Kind:   content.KindArticle,
		Title:  d.title,
		Order:  order,
	}
	n.node.ID = content.NodeID(n.node.Path)
	g.meta(n, f, c, created)
	if every := g.opts.AttachmentsEvery; every > 0 && (idx+1)%every == 0 {
		spec := blobSpec{kind: blobPDF, seed: uint64(g.opts.Seed)<<20 ^ uint64(idx), size: g.opts.AttachmentBytes, title: d.att}
		ext := ".pdf"
		switch {
		case c.kind == kindBudget:
			spec.kind, ext = blobCSV, ".csv"
		case g.opts.RealPDFs:
			spec.kind = g.realPDFKind()
		}
		blob := g.register(spec)
		n.att = []blobSpec{spec}
		n.node.Attachments = []content.Attachment{{Blob: blob, Title: d.att, Name: d.file + "-" + strconv.Itoa(idx+1) + "-zalacznik" + ext}}
	}
	return n
}

// realPDFKind says whether the next real PDF attachment is a scan, by
// Options.ScannedEvery.
func (g *gen) realPDFKind() blobKind {
	g.pdfs++
	if every := g.opts.ScannedEvery; every > 0 && g.pdfs%every == 0 {
		return blobScanPDF
	}
	return blobTextPDF
}

// meta fills in the metadata block and the change history.
func (g *gen) meta(n *genNode, f *filler, c *category, created time.Time) {
	rng := f.rng
	m := &n.node.Meta
	m.Publisher = "Burmistrz Miasta " + g.town.gen
	if c.kind == kindResolution || c.kind == kindSession {
		m.Publisher = "Rada Miejska w " + g.town.loc
	}
	m.Author = g.people[rng.IntN(len(g.people))]
	if rng.IntN(3) == 0 {
		m.Author = roles[rng.IntN(len(roles))]
	}
	m.Responsible = g.people[rng.IntN(len(g.people))]
	m.EnteredBy = g.people[rng.IntN(len(g.people))]
	if rng.IntN(4) == 0 {
		m.EnteredBy = "Administrator"
	}
	m.Created = created
	m.Published = minTime(created.Add(time.Duration(rng.IntN(72*3600))*time.Second), latest)
	age := newestYear - created.Year() + 1
	m.Visits = int64(rng.ExpFloat64()*200) + int64(age*20+rng.IntN(age*40+1))
	m.SourceURL = g.site.LiveURL + "/index.php?id=" + strconv.Itoa(1000+g.count)

	n.node.History = []content.Change{{At: m.Published, By: m.EnteredBy, Kind: content.ChangeCreated, Summary: "nowa pozycja"}}
	n.prev = []([]block){nil}
	at := m.Published
	for range rng.IntN(4) {
		at = minTime(at.Add(time.Duration(1+rng.IntN(60*24*3600))*time.Second), latest)
		ch := content.Change{At: at, By: g.people[rng.IntN(len(g.people))], Kind: content.ChangeModified, Summary: summaries[rng.IntN(len(summaries))]}
		var prev []block
		if rng.IntN(3) == 0 {
			prev = slices.Clone(n.body)
			for i := range prev {
				if prev[i].kind == para {
					prev[i] = block{kind: para, text: f.paragraph()}
					break
				}
			}
		}
		n.node.History = append(n.node.History, ch)
		n.prev = append(n.prev, prev)
	}
	m.Updated = at
}

func minTime(a, b time.Time) time.Time {
	if a.After(b) {
		return b
	}
	return a
}

// number gives the next document number of a kind in a year.
func (g *gen) number(kind articleKind, year int) int {
	k := strconv.Itoa(int(kind)) + "/" + strconv.Itoa(year)
	g.counter[k]++
	return g.counter[k]
}

func dateWords(t time.Time) string {
	return strconv.Itoa(t.Day()) + " " + monthsGen[t.Month()-1] + " " + strconv.Itoa(t.Year()) + " r."
}

// document writes the text of one article of the category's kind.
func (g *gen) document(f *filler, c *category, t time.Time) doc {
	y := t.Year()
	para1 := func() block { return block{kind: para, text: f.paragraph()} }
	switch c.kind {
	case kindResolution:
		n := g.number(kindResolution, y)
		sec := 1
		more := func() block {
			sec++
			return block{kind: para, text: "§ " + strconv.Itoa(sec) + ". " + f.paragraph()}
		}
		return doc{
			title: "Uchwała nr " + romans[(n/8)%len(romans)] + "/" + strconv.Itoa(n) + "/" + strconv.Itoa(y) + " Rady Miejskiej w " + g.town.loc +
				" z dnia " + dateWords(t) + " w sprawie " + f.fill(f.pick(resolutionSubjects)),
			head: []block{{kind: para, text: "Na podstawie " + f.fill(f.pick(legalBases)) + " Rada Miejska w " + g.town.loc + " uchwala, co następuje:"},
				{kind: para, text: "§ 1. " + f.paragraph()}},
			more: more,
			tail: func() []block {
				return []block{{kind: para, text: "§ " + strconv.Itoa(sec+1) + ". Wykonanie uchwały powierza się Burmistrzowi Miasta " + g.town.gen + "."},
					{kind: para, text: "§ " + strconv.Itoa(sec+2) + ". Uchwała wchodzi w życie po upływie 14 dni od dnia ogłoszenia w Dzienniku Urzędowym Województwa " + g.town.voivodeship + "."},
					{kind: para, text: "Przewodniczący Rady Miejskiej: " + g.people[2]}}
			},
			file: "uchwala", att: "Treść uchwały",
		}
	case kindOrder:
		n := g.number(kindOrder, y)
		return doc{
			title: "Zarządzenie nr " + strconv.Itoa(n) + "/" + strconv.Itoa(y) + " Burmistrza Miasta " + g.town.gen + " z dnia " + dateWords(t) +
				" w sprawie " + f.fill(f.pick(orderSubjects)),
			head: []block{{kind: para, text: "Na podstawie " + f.fill(f.pick(legalBases)) + " zarządzam, co następuje:"}},
			more: para1,
			tail: func() []block {
				return []block{{kind: para, text: "Zarządzenie wchodzi w życie z dniem podpisania."}, {kind: para, text: "Burmistrz Miasta: " + g.people[3]}}
			},
			file: "zarzadzenie", att: "Zarządzenie (PDF)",
		}
	case kindAnnouncement:
		word := [...]string{"Ogłoszenie", "Obwieszczenie", "Informacja"}[f.rng.IntN(3)]
		return doc{
			title: word + " Burmistrza Miasta " + g.town.gen + " o " + f.fill(f.pick(announcementTopics)),
			head:  []block{para1()},
			more:  para1,
			tail:  func() []block { return []block{{kind: para, text: "Burmistrz Miasta " + g.town.gen}} },
			file:  "ogloszenie", att: word + " (PDF)",
		}
	case kindTender:
		what := f.fill(f.pick(works))
		return doc{
			title: [...]string{"Przetarg nieograniczony na ", "Zapytanie ofertowe na ", "Ogłoszenie o zamówieniu na "}[f.rng.IntN(3)] + what,
			head: []block{{kind: heading, text: "Zamawiający"},
				{kind: para, text: "Gmina Miejska " + g.town.name + ", Urząd Miejski w " + g.town.loc + ", " + g.town.postcode + " " + g.town.name + "."},
				{kind: heading, text: "Przedmiot zamówienia"}, {kind: para, text: "Przedmiotem zamówienia jest " + what + ". " + f.paragraph()},
				{kind: heading, text: "Kryteria oceny ofert"},
				{kind: table, rows: [][]string{{"Kryterium", "Waga"}, {"Cena", "60%"}, {"Okres gwarancji", "40%"}}}},
			more: para1,
			tail: func() []block {
				return []block{{kind: heading, text: "Termin składania ofert"}, {kind: para, text: f.fill("Oferty należy składać do dnia {date} do godziny 10:00.")}}
			},
			file: "przetarg", att: "Specyfikacja warunków zamówienia",
		}
	case kindJob:
		pos := f.pick(positions)
		return doc{
			title: [...]string{"Nabór na wolne stanowisko urzędnicze: ", "Informacja o wynikach naboru na stanowisko: "}[f.rng.IntN(2)] + pos,
			head: []block{{kind: para, text: "Burmistrz Miasta " + g.town.gen + " ogłasza nabór na wolne stanowisko urzędnicze: " + pos + "."},
				{kind: heading, text: "Wymagania niezbędne"}, {kind: list, items: pickSome(f.rng, requirements, 4)},
				{kind: heading, text: "Zakres zadań"}, {kind: list, items: pickSome(f.rng, tasks, 4)}},
			more: para1,
			tail: func() []block {
				return []block{{kind: para, text: f.fill("Dokumenty należy składać do dnia {date} w sekretariacie Urzędu Miejskiego.")}}
			},
			file: "nabor", att: "Kwestionariusz osobowy",
		}
	case kindBudget:
		rows := [][]string{{"Dział", "Nazwa", "Plan", "Wykonanie"}}
		for _, it := range pickSomePairs(f.rng, budgetItems, 5) {
			plan := 10_000 + f.rng.IntN(9_000_000)
			rows = append(rows, []string{it[0], it[1], money(plan), money(plan * (40 + f.rng.IntN(60)) / 100)})
		}
		return doc{
			title: [...]string{"Sprawozdanie z wykonania budżetu miasta za ", "Informacja o wykonaniu budżetu za "}[f.rng.IntN(2)] +
				[...]string{"I", "II", "III", "IV"}[f.rng.IntN(4)] + " kwartał " + strconv.Itoa(y) + " r.",
			head: []block{para1(), {kind: table, rows: rows}},
			more: para1,
			tail: func() []block { return []block{{kind: para, text: "Skarbnik Miasta: " + g.people[4]}} },
			file: "budzet", att: "Zestawienie (CSV)",
		}
	case kindSession:
		n := g.number(kindSession, y)
		return doc{
			title: "Sesja nr " + romans[n%len(romans)] + " Rady Miejskiej w " + g.town.loc + " w dniu " + dateWords(t),
			head: []block{{kind: para, text: "Przewodniczący Rady Miejskiej zwołuje sesję, która odbędzie się w sali posiedzeń Urzędu Miejskiego."},
				{kind: heading, text: "Porządek obrad"},
				{kind: list, items: []string{"Otwarcie sesji i stwierdzenie prawomocności obrad.", "Przyjęcie porządku obrad.",
					"Podjęcie uchwały w sprawie " + f.fill(f.pick(resolutionSubjects)) + ".", "Interpelacje i zapytania radnych.", "Zamknięcie sesji."}}},
			more: para1,
			tail: func() []block { return []block{{kind: para, text: "Przewodniczący Rady Miejskiej: " + g.people[2]}} },
			file: "sesja", att: "Protokół z sesji",
		}
	}
	unit := units[f.rng.IntN(len(units))]
	return doc{
		title: [...]string{"Godziny pracy – ", "Dane kontaktowe – ", "Regulamin organizacyjny – ", "Statut – ", "Informacje – "}[f.rng.IntN(5)] + unit,
		head:  []block{{kind: para, text: unit + ", ul. " + f.pick(streets) + " " + strconv.Itoa(1+f.rng.IntN(40)) + ", " + g.town.postcode + " " + g.town.name + "."}, para1()},
		more:  para1,
		file:  "informacja", att: "Dokument (PDF)",
	}
}

func pickSome(rng *rand.Rand, list []string, n int) []string {
	out := make([]string, 0, n)
	for _, i := range rng.Perm(len(list))[:min(n, len(list))] {
		out = append(out, list[i])
	}
	return out
}

func pickSomePairs(rng *rand.Rand, list [][2]string, n int) [][2]string {
	out := make([][2]string, 0, n)
	for _, i := range rng.Perm(len(list))[:min(n, len(list))] {
		out = append(out, list[i])
	}
	return out
}
