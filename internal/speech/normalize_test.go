package speech

import "testing"

func TestNormalizePolish(t *testing.T) {
	cases := []struct{ in, want string }{
		// abbreviations
		{"ul. Kościuszki 5", "ulica Kościuszki pięć"},
		{"przy ul. Kościuszki", "przy ulicy Kościuszki"},
		{"al. Niepodległości 3", "aleja Niepodległości trzy"},
		{"pl. Zamkowy 1", "plac Zamkowy jeden"},
		{"Uchwała nr 12", "Uchwała numer dwanaście"},
		{"Dz. U. z 2023 r. poz. 40", "Dziennik Ustaw z dwa tysiące dwudziestego trzeciego roku pozycja czterdzieści"},
		{"Dz.U. 2007 nr 10 poz. 68", "Dziennik Ustaw dwa tysiące siedem numer dziesięć pozycja sześćdziesiąt osiem"},
		{"w Dz. U.", "w Dzienniku Ustaw"},
		{"art. 18 ust. 2 pkt 15 lit. a", "artykuł osiemnaście ustęp dwa punkt piętnaście litera a"},
		{"na podstawie art. 30", "na podstawie artykułu trzydzieści"},
		{"w art. 5", "w artykule pięć"},
		{"§ 3", "paragraf trzy"},
		{"zgodnie z § 3", "zgodnie z paragrafem trzy"},
		{"Szkoła im. Jana Pawła II", "Szkoła imienia Jana Pawła II"},
		{"kościół pw. św. Jana", "kościół pod wezwaniem świętego Jana"},
		{"m.in. wnioski", "między innymi wnioski"},
		{"tzn. wszystkie", "to znaczy wszystkie"},
		{"tj. w poniedziałek", "to jest w poniedziałek"},
		{"Pełnomocnik ds. równego traktowania", "Pełnomocnik do spraw równego traktowania"},
		{"ww. uchwała", "wyżej wymieniona uchwała"},
		{"ww. wniosek", "wyżej wymieniony wniosek"},
		{"ww. zarządzenie", "wyżej wymienione zarządzenie"},
		{"tzw. janosikowe", "tak zwane janosikowe"},
		{"w związku z art. 7", "w związku z artykułem siedem"},
		{"z dnia 5 maja", "z dnia piątego maja"},
		{"np. dowód", "na przykład dowód"},
		{"pok. nr 12", "pokój numer dwanaście"},
		{"(t.j. Dz. U. z 2024 r. poz. 1465 z późn. zm.)", "(tekst jednolity Dziennik Ustaw z dwa tysiące dwudziestego czwartego roku pozycja tysiąc czterysta sześćdziesiąt pięć z późniejszymi zmianami)"},
		{"Spółka Wodna sp. z o.o.", "Spółka Wodna spółka z ograniczoną odpowiedzialnością"},
		{"w ub. r.", "w ubiegłym roku"},
		{"do br.", "do bieżącego roku"},
		{"w br.", "w bieżącym roku"},
		{"ok. 300 osób", "około trzysta osób"},
		{"o godz. 9.00", "o godzinie dziewiątej"},
		{"od 8:00 do 16:00", "od ósmej do szesnastej"},
		{"(Dz. U. poz. 5)", "(Dziennik Ustaw pozycja pięć)"},
		{"tel. 76 818 82 02", "telefon siedemdziesiąt sześć, osiemset osiemnaście, osiemdziesiąt dwa, zero dwa"},
		{"tel. 768188202", "telefon siedemset sześćdziesiąt osiem, sto osiemdziesiąt osiem, dwieście dwa"},
		{"tel./fax 76 818-82-02", "telefon i faks siedemdziesiąt sześć, osiemset osiemnaście, osiemdziesiąt dwa, zero dwa"},
		{"+48 601 234 567", "plus czterdzieści osiem, sześćset jeden, dwieście trzydzieści cztery, pięćset sześćdziesiąt siedem"},
		// dates
		{"2003-11-18", "osiemnastego listopada dwa tysiące trzeciego roku"},
		{"18.11.2003", "osiemnastego listopada dwa tysiące trzeciego roku"},
		{"18-11-2003", "osiemnastego listopada dwa tysiące trzeciego roku"},
		{"5.3.2024 r.", "piątego marca dwa tysiące dwudziestego czwartego roku"},
		{"18.11-2003", "osiemnaście kropka jedenaście - dwa tysiące trzy"},
		{"z dnia 18.11.2003 r.", "z dnia osiemnastego listopada dwa tysiące trzeciego roku"},
		{"18 listopada 2003 r.", "osiemnastego listopada dwa tysiące trzeciego roku"},
		{"1 stycznia 2000 r.", "pierwszego stycznia dwutysięcznego roku"},
		{"31 grudnia 1999 r.", "trzydziestego pierwszego grudnia tysiąc dziewięćset dziewięćdziesiątego dziewiątego roku"},
		{"5 maja", "piątego maja"},
		{"12 XI 2021 r.", "dwunastego listopada dwa tysiące dwudziestego pierwszego roku"},
		{"w 2003 r.", "w dwa tysiące trzecim roku"},
		{"od 2019 r.", "od dwa tysiące dziewiętnastego roku"},
		{"2003-13-45", "dwa tysiące trzy - trzynaście - czterdzieści pięć"},
		// times
		{"godz. 10:30", "godzina dziesiąta trzydzieści"},
		{"o godz. 10:30", "o godzinie dziesiątej trzydzieści"},
		{"do godz. 15", "do godziny piętnastej"},
		{"w godz. 7:30-15:30", "w godzinach od siódmej trzydzieści do piętnastej trzydzieści"},
		{"o 9:05", "o dziewiątej zero pięć"},
		{"12:00", "dwunasta"},
		// money
		{"1 234,50 zł", "tysiąc dwieście trzydzieści cztery złote pięćdziesiąt groszy"},
		{"1 zł", "jeden złoty"},
		{"22 zł", "dwadzieścia dwa złote"},
		{"12 zł", "dwanaście złotych"},
		{"25 zł 1 gr", "dwadzieścia pięć złotych jeden grosz"},
		{"0,03 zł", "zero złotych trzy grosze"},
		{"2,5 zł", "dwa złote pięćdziesiąt groszy"},
		{"5 gr", "pięć groszy"},
		{"2 mln zł", "dwa miliony złotych"},
		{"1,5 mln zł", "jeden przecinek pięć miliona złotych"},
		{"15 tys. zł", "piętnaście tysięcy złotych"},
		{"w zł", "w złotych"},
		// numbers
		{"2", "dwa"},
		{"11", "jedenaście"},
		{"105", "sto pięć"},
		{"1000", "tysiąc"},
		{"2024", "dwa tysiące dwadzieścia cztery"},
		{"5000", "pięć tysięcy"},
		{"12 345", "dwanaście tysięcy trzysta czterdzieści pięć"},
		{"1 000 000", "milion"},
		{"3000000000", "trzy miliardy"},
		{"2 500 000 000", "dwa miliardy pięćset milionów"},
		{"3,75", "trzy przecinek siedemdziesiąt pięć"},
		{"15%", "piętnaście procent"},
		{"007", "zero zero siedem"},
		{"pkt 15a", "punkt piętnaście a"},
		{"2 osoby", "dwie osoby"},
		{"22 godziny", "dwadzieścia dwie godziny"},
		{"12 osób", "dwanaście osób"},
		{"2 dni", "dwa dni"},
		{"pkt 2, osoby", "punkt dwa, osoby"},
		{"2 ratowników", "dwa ratowników"},
		{"12/2023", "dwanaście łamane przez dwa tysiące dwadzieścia trzy"},
		// Roman numerals, only where they are numbers
		{"LIV sesja Rady Miejskiej", "pięćdziesiąta czwarta sesja Rady Miejskiej"},
		{"na LIV sesji", "na pięćdziesiątej czwartej sesji"},
		{"IX kadencji", "dziewiątej kadencji"},
		{"zwołuję XII sesję", "zwołuję dwunastą sesję"},
		{"Rozdział IV", "Rozdział czwarty"},
		{"w Rozdziale II", "w Rozdziale drugim"},
		{"Uchwała nr LIV/123/2023", "Uchwała numer pięćdziesiąt cztery łamane przez sto dwadzieścia trzy łamane przez dwa tysiące dwadzieścia trzy"},
		{"Uchwała Nr XII/85/19", "Uchwała numer dwanaście łamane przez osiemdziesiąt pięć łamane przez dziewiętnaście"},
		{"nr IV", "numer cztery"},
		{"XXI wieku", "dwudziestego pierwszego wieku"},
		{"Jan Paweł II przyjechał", "Jan Paweł II przyjechał"},
		{"MOPS i CIS", "MOPS i CIS"},
		{"DC sesja", "sześćsetna sesja"},
		// addresses
		{"sekretariat@chojnow.eu", "sekretariat małpa chojnow kropka eu"},
		{"jan.kowalski-nowak@um.chojnow.pl", "jan kropka kowalski myślnik nowak małpa um kropka chojnow kropka pl"},
		{"www.chojnow.eu", "wu wu wu kropka chojnow kropka eu"},
		{"https://bip.chojnow.eu/artykul/12/", "bip kropka chojnow kropka eu ukośnik artykul ukośnik dwanaście"},
		{"Zobacz bip.gov.pl.", "Zobacz bip kropka gov kropka pl."},
		// words that only look like abbreviations stay
		{"Grunwald", "Grunwald"},
		{"nrx", "nrx"},
		{"Pracownik socjalny przeprowadza wywiad.", "Pracownik socjalny przeprowadza wywiad."},
	}
	for _, c := range cases {
		if got := Normalize("pl", c.in); got != c.want {
			t.Errorf("Normalize(pl, %q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestNormalizeUkrainian(t *testing.T) {
	cases := []struct{ in, want string }{
		{"2003-11-18", "вісімнадцятого листопада дві тисячі третього року"},
		{"18.11.2003", "вісімнадцятого листопада дві тисячі третього року"},
		{"01.01.2000 р.", "першого січня двохтисячного року"},
		{"21 березня 2024 р.", "двадцять першого березня дві тисячі двадцять четвертого року"},
		{"5 травня", "п'ятого травня"},
		{"у 2023 р.", "у дві тисячі двадцять третього року"},
		{"о 10:30", "о десятій тридцять"},
		{"10:05", "десята нуль п'ять"},
		{"з 9:00 до 17:30", "з дев'ятої до сімнадцятої тридцять"},
		{"до 3:00", "до третьої"},
		{"1", "один"},
		{"21", "двадцять один"},
		{"1000", "тисяча"},
		{"2000", "дві тисячі"},
		{"5 000", "п'ять тисяч"},
		{"21 000", "двадцять одна тисяча"},
		{"1 234 567", "один мільйон двісті тридцять чотири тисячі п'ятсот шістдесят сім"},
		{"3000000000", "три мільярди"},
		{"3,5", "три кома п'ять"},
		{"15%", "п'ятнадцять відсотків"},
		{"1 грн", "одна гривня"},
		{"2 грн 50 коп.", "дві гривні п'ятдесят копійок"},
		{"1 234,50 зл", "тисяча двісті тридцять чотири злоті п'ятдесят грошів"},
		{"22 zł", "двадцять два злоті"},
		{"25 zł", "двадцять п'ять злотих"},
		{"вул. Шевченка 5", "вулиця Шевченка п'ять"},
		{"№ 12", "номер дванадцять"},
		{"ст. 18", "стаття вісімнадцять"},
		{"і т.д.", "і так далі"},
		{"urzad@chojnow.eu", "urzad равлик chojnow крапка eu"},
		{"Київ", "Київ"},
	}
	for _, c := range cases {
		if got := Normalize("uk", c.in); got != c.want {
			t.Errorf("Normalize(uk, %q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestNormalizeEnglish(t *testing.T) {
	cases := []struct{ in, want string }{
		{"2003-11-18", "the eighteenth of November two thousand and three"},
		{"18.11.2003", "the eighteenth of November two thousand and three"},
		{"18 November 2003", "the eighteenth of November two thousand and three"},
		{"1st March 2024", "the first of March twenty twenty-four"},
		{"November 22, 1999", "November the twenty-second, nineteen ninety-nine"},
		{"in 2023", "in twenty twenty-three"},
		{"since 1905", "since nineteen oh five"},
		{"10:30", "ten thirty"},
		{"10:00", "ten o'clock"},
		{"9:05", "nine oh five"},
		{"0", "zero"},
		{"13", "thirteen"},
		{"105", "one hundred and five"},
		{"2003", "two thousand and three"},
		{"1,234,567", "one million two hundred and thirty-four thousand five hundred and sixty-seven"},
		{"3000000000", "three billion"},
		{"3.75", "three point seven five"},
		{"21st", "twenty-first"},
		{"12th", "twelfth"},
		{"15%", "fifteen percent"},
		{"1 234,50 zł", "one thousand two hundred and thirty-four zlotys fifty groszy"},
		{"PLN 1,234.50", "one thousand two hundred and thirty-four zlotys fifty groszy"},
		{"1 zł", "one zloty"},
		{"No. 12", "number twelve"},
		{"e.g. a form", "for example a form"},
		{"Art. 5", "Article five"},
		{"office@chojnow.eu", "office at chojnow dot eu"},
		{"www.chojnow.eu", "w w w dot chojnow dot eu"},
		{"No one came.", "No one came."},
	}
	for _, c := range cases {
		if got := Normalize("en", c.in); got != c.want {
			t.Errorf("Normalize(en, %q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestPolishNumberWords(t *testing.T) {
	cases := []struct {
		n    int64
		want string
	}{
		{0, "zero"}, {1, "jeden"}, {12, "dwanaście"}, {20, "dwadzieścia"}, {99, "dziewięćdziesiąt dziewięć"},
		{100, "sto"}, {215, "dwieście piętnaście"}, {1001, "tysiąc jeden"}, {2002, "dwa tysiące dwa"},
		{5000, "pięć tysięcy"}, {12000, "dwanaście tysięcy"}, {22000, "dwadzieścia dwa tysiące"},
		{1000000, "milion"}, {4000000, "cztery miliony"}, {25000000, "dwadzieścia pięć milionów"},
		{1000000000, "miliard"}, {7000000000, "siedem miliardów"}, {2000000000000, "dwa biliony"},
	}
	for _, c := range cases {
		if got := plCardinal(c.n); got != c.want {
			t.Errorf("plCardinal(%d) = %q, want %q", c.n, got, c.want)
		}
	}
	ordinals := []struct {
		n    int64
		form plForm
		want string
	}{
		{1, mNom, "pierwszy"}, {2, fNom, "druga"}, {3, fGen, "trzeciej"}, {2, fAcc, "drugą"},
		{21, mGen, "dwudziestego pierwszego"}, {100, mNom, "setny"}, {121, mNom, "sto dwudziesty pierwszy"},
		{2000, mGen, "dwutysięcznego"}, {1900, mGen, "tysiąc dziewięćsetnego"}, {2024, mLoc, "dwa tysiące dwudziestym czwartym"},
		{54, fNom, "pięćdziesiąta czwarta"}, {8, nNom, "ósme"},
	}
	for _, c := range ordinals {
		if got := plOrdinal(c.n, c.form); got != c.want {
			t.Errorf("plOrdinal(%d, %d) = %q, want %q", c.n, c.form, got, c.want)
		}
	}
}
