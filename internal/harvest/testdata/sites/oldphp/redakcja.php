<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2"><title>Biuletyn Informacji Publicznej Gminy Stary Dwór - Redakcja</title>
<link rel="stylesheet" href="styl.css"></head><body bgcolor="#ffffff">
<table width="100%" border="0" cellpadding="4"><tr><td class="gora" bgcolor="#ccddee"><b>Biuletyn Informacji Publicznej Gminy Stary Dwór</b><br>Urząd Gminy Stary Dwór, ul. Lipowa 1, 99-999 Stary Dwór</td></tr>
<tr><td valign="top"><h1>Redakcja</h1><p>Redaktorem biuletynu jest Sekretarz Gminy.</p></td></tr>
<tr><td align="center"><font size="1">Informacje w biuletynie zamieszcza Sekretarz Gminy. Copyright Gmina Stary Dwór.</font></td></tr></table>
</body></html>
