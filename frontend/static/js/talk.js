// bk-talk: the talking kiosk, speech output for a visitor who cannot see the
// screen (EN 301 549 5.1.3). It is switched on by the large "Mowa" button of
// the kiosk bar or by holding 5 on a keypad or keyboard for a second, and off
// the same way. While it is on it says the name, role and state of whatever
// gets focus (Tab, the keypad, a touch), reads the page's text item by item,
// and takes the numeric keypad's keys as commands (the map is in
// docs/kiosk.md and in the spoken help). Every phrase is synthesised by the
// server, GET /mowa/powiedz?lang&speed&t (at most 300 characters each), and
// played through one audio element; any key or touch stops it at once.
//
// Its state (on, volume, speed) lives in sessionStorage, so it follows the
// visitor from page to page and goes with everything else the reset clears
// (idle.js): the next visitor finds speech off and the volume and speed back
// at the operator's defaults. Without this script the button never shows.
(function () {
  "use strict";

  var root = document.documentElement;
  if (!root.classList.contains("bk-kiosk")) {
    return;
  }

  var storeKey = "bk-talk"; // sessionStorage: {on, volume, speed}
  var holdMs = 1000; // holding 5 this long switches speech on or off
  var maxPhrase = 300; // the endpoint's limit, in characters
  var speeds = {min: 0.75, max: 2, step: 0.25};
  var volumes = {min: 0.1, max: 1, step: 0.1};
  var langs = {pl: true, uk: true, en: true};

  // The numeric keypad by event.code, the same with Num Lock on or off.
  var keypad = {
    Numpad8: "prev", Numpad2: "next", Numpad9: "prevHeading", Numpad3: "nextHeading",
    Numpad7: "top", Numpad4: "back", Numpad6: "read", Numpad0: "repeat", Numpad1: "help",
    NumpadDecimal: "pause", NumpadAdd: "louder", NumpadSubtract: "quieter",
    NumpadMultiply: "faster", NumpadDivide: "slower"
  };
  // A full keyboard by event.key, outside text fields only (there they edit).
  var keyboard = {
    ArrowUp: "prev", ArrowDown: "next", PageUp: "prevHeading", PageDown: "nextHeading",
    Home: "top", ArrowLeft: "back", ArrowRight: "read", "0": "repeat"
  };

  var blocks = /^(H[1-6]|P|LI|DT|DD|TD|TH|CAPTION|FIGCAPTION|BLOCKQUOTE|PRE|LEGEND)$/;
  var focusable = "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex='-1'])";

  function initTalk(button) {
    var phrases = {};
    try {
      phrases = JSON.parse(button.getAttribute("data-phrases") || "{}");
    } catch (e) { /* the keys themselves are said */ }
    var ui = langOf(root);
    var defaults = {on: false, volume: parseFloat(button.getAttribute("data-volume")) || 0.5, speed: 1};
    var state = load(defaults);
    var stateText = button.querySelector(".bk-talk__state");
    // In the document, so the idle reset (idle.js) hears it play and waits.
    var audio = document.createElement("audio");
    audio.hidden = true;
    audio.preload = "auto"; // a sound loads whole, so it is never left half-started (app.js)
    document.body.appendChild(audio);
    var sound = ""; // the object URL being played
    var queue = []; // phrases still to say: {lang, text, blob}
    var gen = 0; // bumped by stop(): late answers of an older run are dropped
    var playing = false;
    var paused = false;
    var lastSaid = []; // what repeat says again
    var hold = null; // the 5 being held
    var quiet = false; // focus moved by the script, which says the item itself
    var unavailable = button.hasAttribute("data-silent"); // the server has no speech engine

    function t(key) {
      return Object.prototype.hasOwnProperty.call(phrases, key) ? phrases[key] : key;
    }

    // --- State ------------------------------------------------------------

    function save() {
      try {
        window.sessionStorage.setItem(storeKey, JSON.stringify({on: state.on, volume: state.volume, speed: state.speed}));
      } catch (e) { /* this page only */ }
    }

    function show() {
      button.setAttribute("aria-pressed", state.on ? "true" : "false");
      if (unavailable) {
        button.setAttribute("aria-disabled", "true");
      }
      if (stateText) {
        stateText.textContent = stateText.getAttribute(unavailable ? "data-shown-none" : state.on ? "data-shown-on" : "data-shown-off");
      }
      root.classList.toggle("bk-talking", state.on);
      audio.volume = state.volume;
      // The article's read-aloud player is heard at the same volume.
      var players = document.querySelectorAll(".bk-speech audio");
      for (var i = 0; i < players.length; i++) {
        players[i].volume = state.volume;
      }
    }

    // --- Saying -------------------------------------------------------------

    // phrase is one part of an utterance in one language; an utterance mixes
    // the bulletin's Polish with the interface's words in another language.
    function phrase(text, lang) {
      return {text: text, lang: langs[lang] ? lang : ui};
    }

    // fill puts value into the catalogue phrase key at %s; in another
    // language than the interface's the value is a phrase of its own.
    function fill(key, value, lang) {
      var pattern = t(key);
      var at = pattern.indexOf("%s");
      if (at < 0) {
        return [phrase(pattern, ui), phrase(value, lang)];
      }
      if (!lang || lang === ui) {
        return [phrase(pattern.replace("%s", value), ui)];
      }
      return [phrase(pattern.slice(0, at), ui), phrase(value, lang), phrase(pattern.slice(at + 2), ui)];
    }

    // chunks cuts a long text at sentence ends, else at spaces, so each
    // piece fits the endpoint.
    function chunks(text) {
      var out = [];
      while (text.length > maxPhrase) {
        var cut = Math.max(text.lastIndexOf(". ", maxPhrase), text.lastIndexOf("? ", maxPhrase), text.lastIndexOf("! ", maxPhrase));
        if (cut < maxPhrase / 3) {
          cut = text.lastIndexOf(" ", maxPhrase);
        }
        if (cut < 1) {
          cut = maxPhrase - 1;
        }
        out.push(text.slice(0, cut + 1).trim());
        text = text.slice(cut + 1).trim();
      }
      if (text) {
        out.push(text);
      }
      return out;
    }

    // say stops what is being said and says parts (then calls done, if the
    // whole utterance was heard).
    function say(parts, done, again) {
      stop();
      if (!again) {
        lastSaid = parts;
      }
      append(parts, done);
    }

    // append says parts after what is being said now.
    function append(parts, done) {
      for (var i = 0; i < parts.length; i++) {
        var text = (parts[i].text || "").replace(/\s+/g, " ").trim();
        if (!/[\p{L}\p{N}]/u.test(text)) {
          continue;
        }
        var pieces = chunks(text);
        for (var j = 0; j < pieces.length; j++) {
          queue.push({text: pieces[j], lang: parts[i].lang});
        }
      }
      if (done) {
        queue.push({done: done});
      }
      pump();
    }

    // stop silences everything at once: the sound, the phrases queued and
    // the requests under way.
    function stop() {
      gen++;
      queue = [];
      playing = false;
      paused = false;
      audio.pause(); // silent at once; the source goes once it is not starting (app.js)
      var was = sound;
      window.bkAudioSettled(function () {
        if (sound === was) {
          release();
        }
      }, [audio]);
    }

    // release lets go of the sound said last. The element keeps no source
    // between phrases, so an "error" event is only ever the current one's.
    function release() {
      if (sound) {
        URL.revokeObjectURL(sound);
        sound = "";
        audio.removeAttribute("src");
      }
    }

    function fetchPhrase(item) {
      if (!item.blob && !item.done) {
        var q = "lang=" + item.lang + "&speed=" + state.speed.toFixed(2) + "&t=" + encodeURIComponent(item.text);
        item.blob = fetch("/mowa/powiedz?" + q).then(function (r) {
          if (r.status === 503 || r.status === 404) {
            throw new Error("speech unavailable");
          }
          return r.ok ? r.blob() : null;
        });
      }
      return item.blob;
    }

    // pump plays the first phrase queued and asks for the next meanwhile.
    function pump() {
      if (playing || paused || !queue.length) {
        return;
      }
      var item = queue.shift();
      if (item.done) {
        item.done();
        pump();
        return;
      }
      playing = true;
      var mine = gen;
      fetchPhrase(item).then(function (blob) {
        if (mine !== gen) {
          return;
        }
        if (queue.length) {
          fetchPhrase(queue[0]);
        }
        if (!blob) {
          next(mine);
          return;
        }
        window.bkAudioSettled(function () {
          if (mine !== gen) {
            return;
          }
          release();
          sound = URL.createObjectURL(blob);
          audio.src = sound;
          audio.volume = state.volume;
          if (!paused) {
            play(mine);
          }
        }, [audio]);
      }, function () {
        if (mine === gen) {
          noSpeech();
        }
      });
    }

    function play(mine) {
      var played = audio.play();
      if (played && played.catch) {
        played.catch(function () { next(mine); }); // no sound device, or blocked: go on
      }
    }

    function next(mine) {
      if (mine !== gen) {
        return;
      }
      playing = false;
      pump();
    }

    audio.addEventListener("ended", function () { next(gen); });
    audio.addEventListener("error", function () {
      if (sound && audio.getAttribute("src") === sound) {
        next(gen); // a sound that cannot be played is skipped
      }
    });

    // noSpeech: the server has no voice (no espeak-ng). The kiosk works on in
    // silence; the button says speech is not available, and a low tone tells
    // a visitor who cannot see it that the switch did nothing.
    function noSpeech() {
      stop();
      unavailable = true;
      state.on = false;
      save();
      show();
      tone();
    }

    function tone() {
      try {
        var Context = window.AudioContext || window.webkitAudioContext;
        var ctx = new Context();
        var osc = ctx.createOscillator();
        var gain = ctx.createGain();
        osc.frequency.value = 220;
        gain.gain.value = 0.3 * state.volume;
        osc.connect(gain);
        gain.connect(ctx.destination);
        osc.start();
        osc.stop(ctx.currentTime + 0.5);
      } catch (e) { /* no sound at all */ }
    }

    // --- What an element is ---------------------------------------------------

    function describe(el) {
      var name = nameOf(el);
      var role = roleOf(el);
      var heading = headingOf(el);
      if (heading && heading !== el) {
        role += ", " + roleOf(heading); // "…, link, nagłówek poziomu 2"
      }
      var states = statesOf(el);
      var lang = langOf(el);
      var tail = [role].concat(states).filter(Boolean).join(", ");
      var parts = [];
      var dialog = el.closest("dialog[open], [role=dialog], [role=alertdialog]");
      if (dialog && dialog !== el && !dialog.contains(lastFocus)) {
        parts.push(phrase(nameOf(dialog), ui), phrase(textById(dialog.getAttribute("aria-describedby")), ui));
      }
      if (lang === ui) {
        parts.push(phrase([name, tail].filter(Boolean).join(", "), ui));
      } else {
        parts.push(phrase(name, lang), phrase(tail, ui));
      }
      return parts;
    }

    function nameOf(el) {
      var by = el.getAttribute("aria-labelledby");
      if (by) {
        return textById(by);
      }
      if (el.getAttribute("aria-label")) {
        return el.getAttribute("aria-label");
      }
      if (/^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName)) {
        var label = el.labels && el.labels.length ? el.labels[0] : null;
        if (label) {
          return textOf(label);
        }
        return el.getAttribute("placeholder") || el.getAttribute("title") || "";
      }
      return textOf(el);
    }

    function textById(ids) {
      return (ids || "").split(/\s+/).map(function (id) {
        var el = id && document.getElementById(id);
        return el ? textOf(el) : "";
      }).join(" ").trim();
    }

    // textOf is the text a screen reader would say: visually hidden words
    // included, aria-hidden and hidden parts left out, images by their alt.
    function textOf(el) {
      var out = "";
      for (var n = el.firstChild; n; n = n.nextSibling) {
        if (n.nodeType === 3) {
          out += n.nodeValue;
        } else if (n.nodeType === 1 && !n.hidden && n.getAttribute("aria-hidden") !== "true") {
          if (n.tagName === "IMG") {
            out += " " + (n.getAttribute("alt") || "") + " ";
          } else if (n.tagName !== "SCRIPT" && n.tagName !== "STYLE" && n.tagName !== "svg") {
            var display = window.getComputedStyle(n).display;
            var block = display !== "inline" && display !== "contents";
            out += (block ? " " : "") + textOf(n) + (block ? " " : "");
          }
        }
      }
      return out.replace(/\s+/g, " ").trim();
    }

    function roleOf(el) {
      var role = el.getAttribute("role");
      var tag = el.tagName;
      if (/^H[1-6]$/.test(tag) || role === "heading") {
        return t("role.heading").replace("%s", el.getAttribute("aria-level") || tag.charAt(1));
      }
      if (role === "dialog" || role === "alertdialog") {
        return t("role.dialog");
      }
      if (role && t("role." + role) !== "role." + role) {
        return t("role." + role);
      }
      if (tag === "A" && el.hasAttribute("href")) {
        return t("role.link");
      }
      if (tag === "BUTTON" || tag === "SUMMARY" || (tag === "INPUT" && /^(button|submit|reset)$/.test(el.type))) {
        return el.closest("[data-module=bk-osk]") ? t("role.key") : t("role.button");
      }
      if (tag === "INPUT" && (el.type === "checkbox" || el.type === "radio")) {
        return t("role." + el.type);
      }
      if (tag === "INPUT" && el.type === "search") {
        return t("role.search");
      }
      if (tag === "INPUT" || tag === "TEXTAREA") {
        return t("role.field");
      }
      if (tag === "SELECT") {
        return t("role.list");
      }
      return "";
    }

    function statesOf(el) {
      var out = [];
      var pressed = el.getAttribute("aria-pressed");
      if (pressed === "true" || pressed === "false") {
        out.push(t(pressed === "true" ? "state.pressed" : "state.notPressed"));
      }
      var expanded = el.getAttribute("aria-expanded");
      if (el.tagName === "SUMMARY" && el.parentElement && el.parentElement.tagName === "DETAILS") {
        expanded = el.parentElement.open ? "true" : "false";
      }
      if (expanded === "true" || expanded === "false") {
        out.push(t(expanded === "true" ? "state.expanded" : "state.collapsed"));
      }
      var current = el.getAttribute("aria-current");
      if (current && current !== "false") {
        out.push(t("state.current"));
      }
      if (el.disabled || el.getAttribute("aria-disabled") === "true") {
        out.push(t("state.disabled"));
      }
      if (el.tagName === "INPUT" && (el.type === "checkbox" || el.type === "radio")) {
        out.push(t(el.checked ? "state.checked" : "state.notChecked"));
      } else if (el.tagName === "INPUT" && el.type === "password") {
        out.push(t("masked").replace("%s", String(el.value.length))); // never the PIN itself
      } else if ((el.tagName === "INPUT" && !/^(button|submit|reset)$/.test(el.type)) || el.tagName === "TEXTAREA") {
        out.push(el.value || t("state.empty"));
      }
      return out;
    }

    function langOf(el) {
      var at = el.closest("[lang]");
      var lang = at ? at.getAttribute("lang").slice(0, 2).toLowerCase() : "pl";
      return langs[lang] ? lang : "pl";
    }

    // --- Items: what the keypad moves through ---------------------------------

    function shown(el) {
      if (el.hidden || el.getAttribute("aria-hidden") === "true" || el.inert) {
        return false;
      }
      var style = window.getComputedStyle(el);
      return style.display !== "none" && style.visibility !== "hidden" && el.getClientRects().length > 0;
    }

    function isFocusable(el) {
      return el.matches(focusable) && !el.disabled;
    }

    // items lists, in reading order, every control and every block of text
    // (a heading, paragraph, list item, term, cell) with words of its own;
    // an open modal dialog is then the whole page.
    function items() {
      var scope = document.querySelector("dialog[open]") || document.body;
      var out = [];
      (function walk(el) {
        for (var c = el.firstElementChild; c; c = c.nextElementSibling) {
          if (!shown(c) && !c.classList.contains("bk-skip-link")) {
            continue;
          }
          if (c.classList.contains("bk-skip-link") || c.tagName === "DIALOG") {
            continue;
          }
          if (isFocusable(c)) {
            out.push(c);
            continue;
          }
          if (blocks.test(c.tagName) && ownWords(c)) {
            out.push(c);
          }
          walk(c);
        }
      })(scope);
      return out;
    }

    // ownWords: the block says something beyond the controls inside it.
    function ownWords(el) {
      var text = "";
      for (var n = el.firstChild; n; n = n.nextSibling) {
        if (n.nodeType === 3) {
          text += n.nodeValue;
        } else if (n.nodeType === 1 && !n.matches(focusable) && !blocks.test(n.tagName) && n.getAttribute("aria-hidden") !== "true") {
          text += n.querySelector(focusable) ? "" : n.textContent;
        }
      }
      return /[\p{L}\p{N}]/u.test(text);
    }

    var lastFocus = null; // the item the visitor was last on

    // moveTo puts focus on an item (a block of text gets tabindex="-1" for it,
    // so it shows the focus style too) and says it.
    function moveTo(el) {
      if (!isFocusable(el) && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "-1");
      }
      quiet = true;
      el.focus();
      quiet = false;
      el.scrollIntoView({block: "center"});
      var parts = describe(el);
      lastFocus = el;
      return parts;
    }

    function current(list) {
      var at = list.indexOf(document.activeElement);
      return at >= 0 ? at : list.indexOf(lastFocus);
    }

    function step(by, match) {
      var list = items();
      if (match) {
        list = list.filter(function (el) { return match(el) || el === document.activeElement || el === lastFocus; });
      }
      var at = current(list);
      var to = at < 0 ? (by > 0 ? 0 : list.length - 1) : at + by;
      if (to < 0 || to >= list.length || (match && !match(list[to]))) {
        say([phrase(t(by > 0 ? "end" : "top"), ui)]);
        return;
      }
      say(moveTo(list[to]));
    }

    function isHeading(el) {
      return /^H[1-6]$/.test(el.tagName);
    }

    // headingOf is the heading el is, or the heading whose whole text is the
    // link el (a search result's title, a news item's): the link is the item
    // there, and the heading keys must stop on it too.
    function headingOf(el) {
      if (isHeading(el)) {
        return el;
      }
      var parent = el.parentElement;
      if (parent && isHeading(parent) && isFocusable(el) && parent.textContent.trim() === el.textContent.trim()) {
        return parent;
      }
      return null;
    }

    function atHeading(el) {
      return headingOf(el) !== null;
    }

    function top() {
      var h1 = document.querySelector("main h1") || items()[0];
      if (h1) {
        say(moveTo(h1));
      }
    }

    // readOn says the main content from the current item to its end, moving
    // focus along (the article's own player, when the page has one, reads
    // instead: it highlights the sentence it says).
    function readOn() {
      if (readWithPlayer()) {
        return;
      }
      var main = document.getElementById("main-content");
      var list = items().filter(function (el) { return main && main.contains(el); });
      var at = current(list);
      var from = at < 0 ? 0 : at + 1;
      if (from >= list.length) {
        say([phrase(t("noRead"), ui)]);
        return;
      }
      (function one(i) {
        if (i >= list.length) {
          return;
        }
        say(moveTo(list[i]), function () { one(i + 1); });
      })(from);
    }

    // The article's read-aloud player (speech.js), when the page has one
    // and its controls are shown.
    function player() {
      var p = document.querySelector("[data-module=bk-speech]");
      var play = p && p.querySelector("[data-act=play]");
      return play && shown(play) ? p : null;
    }

    // playerReading: the player is reading or paused (speech.js sets data-state).
    function playerReading(p) {
      var st = p ? p.getAttribute("data-state") : null;
      return st === "playing" || st === "paused";
    }

    // readWithPlayer has the player read: the metryczka when the visitor is
    // in it, else the article (or goes on, when paused). The player gets the
    // visit's volume and speed.
    function readWithPlayer() {
      var p = player();
      if (!p) {
        return false;
      }
      stop();
      show();
      var speed = p.querySelector("select");
      if (speed) {
        var best = speed.value;
        for (var i = 0; i < speed.options.length; i++) {
          if (Math.abs(parseFloat(speed.options[i].value) - state.speed) < Math.abs(parseFloat(best) - state.speed)) {
            best = speed.options[i].value;
          }
        }
        if (best !== speed.value) {
          speed.value = best;
          speed.dispatchEvent(new Event("change"));
        }
      }
      var at = document.activeElement;
      var meta = p.querySelector("[data-act=meta]");
      var inMeta = at && at.closest && at.closest("#bk-meta-title, .bk-meta, [aria-labelledby=bk-meta-title]");
      var play = p.querySelector("[data-act=play]");
      if (inMeta && meta && !meta.hidden) {
        meta.click();
      } else if (p.getAttribute("data-state") !== "playing") {
        play.click(); // from the start, or on from where it paused
      }
      return true;
    }

    function back() {
      var b = document.querySelector("[data-module=bk-back]");
      if (!b || b.hidden || b.getAttribute("aria-disabled") === "true") {
        say([phrase(t("nothingBack"), ui)]);
        return;
      }
      stop();
      window.bkAudioSettled(function () { b.click(); }); // leaving the page ends its sounds (app.js)
    }

    // activate does what Enter or a tap would on the current item.
    function activate() {
      var el = document.activeElement;
      if (!el || el === document.body) {
        return;
      }
      // A link or a form leaves the page, which ends its sounds: never
      // while one is starting (app.js).
      window.bkAudioSettled(function () { activateItem(el); });
    }

    function activateItem(el) {
      if (el.form && /^(INPUT|TEXTAREA)$/.test(el.tagName) && !/^(button|submit|reset|checkbox|radio)$/.test(el.type)) {
        if (el.form.requestSubmit) {
          el.form.requestSubmit();
        } else {
          el.form.submit();
        }
        return;
      }
      if (isFocusable(el)) {
        el.click();
        return;
      }
      say(describe(el));
    }

    function help() {
      say([t("help1"), t("help2"), t("help3"), t("help4")].map(function (s) { return phrase(s, ui); }));
    }

    function setVolume(by) {
      state.volume = Math.round(Math.min(volumes.max, Math.max(volumes.min, state.volume + by)) * 10) / 10;
      save();
      show();
      say([phrase(t("volume").replace("%s", String(Math.round(state.volume * 100))), ui)]);
    }

    function setSpeed(by) {
      state.speed = Math.min(speeds.max, Math.max(speeds.min, state.speed + by));
      save();
      var s = String(state.speed);
      say([phrase(t("speed").replace("%s", ui === "en" ? s : s.replace(".", ",")), ui)]);
    }

    function pause() {
      if (paused) {
        paused = false;
        if (sound && playing) {
          play(gen);
        } else {
          pump();
        }
      } else if (playing || queue.length) {
        paused = true;
        audio.pause();
      }
    }

    var actions = {
      prev: function () { step(-1); },
      next: function () { step(1); },
      prevHeading: function () { step(-1, atHeading); },
      nextHeading: function () { step(1, atHeading); },
      top: top,
      back: back,
      read: readOn,
      repeat: function () { say(lastSaid, null, true); },
      help: help,
      pause: pause,
      louder: function () { setVolume(volumes.step); },
      quieter: function () { setVolume(-volumes.step); },
      faster: function () { setSpeed(speeds.step); },
      slower: function () { setSpeed(-speeds.step); }
    };

    // --- Switching on and off ---------------------------------------------------

    function pageParts() {
      var h1 = document.querySelector("main h1");
      var parts = h1 ? fill("page", textOf(h1), langOf(h1)) : [];
      var status = document.querySelectorAll("main [role=status]");
      for (var i = 0; i < status.length; i++) {
        parts.push(phrase(textOf(status[i]), ui));
      }
      return parts;
    }

    function focusTop() {
      var h1 = document.querySelector("main h1");
      if (h1 && !document.querySelector("dialog[open]")) {
        moveTo(h1);
      }
    }

    function toggle() {
      if (unavailable) {
        tone();
        return;
      }
      state.on = !state.on;
      save();
      show();
      if (state.on) {
        var parts = [phrase(t("on"), ui), phrase(t(button.getAttribute("data-output") === "speakers" ? "speakers" : "headphones"), ui)];
        ["help1", "help2", "help3", "help4"].forEach(function (k) { parts.push(phrase(t(k), ui)); });
        focusTop();
        say(parts.concat(pageParts()));
      } else {
        say([phrase(t("off"), ui)]);
      }
    }

    // --- Keys -----------------------------------------------------------------

    function editable(el) {
      return el && (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && !/^(button|submit|reset|checkbox|radio)$/.test(el.type)) || el.isContentEditable);
    }

    function isFive(e) {
      return e.code === "Numpad5" || (e.key === "5" && !editable(e.target));
    }

    function onKeyDown(e) {
      if (e.ctrlKey || e.altKey || e.metaKey) {
        stop();
        return;
      }
      if (isFive(e) && !e.shiftKey) {
        e.preventDefault();
        e.stopPropagation();
        if (!hold) {
          hold = {key: e.key, target: e.target, fired: false};
          hold.timer = window.setTimeout(function () {
            hold.fired = true;
            toggle();
          }, holdMs);
        }
        return;
      }
      if (!state.on || /^(Shift|Control|Alt|Meta|NumLock|CapsLock)$/.test(e.key)) {
        return;
      }
      var action = keypad[e.code] || (!editable(e.target) ? keyboard[e.key] : null);
      var p = player();
      var reading = playerReading(p);
      if (reading && /^(pause|louder|quieter)$/.test(action)) {
        e.preventDefault();
        e.stopPropagation();
        if (action === "pause") {
          p.querySelector("[data-act=play]").click(); // pause, resume
        } else {
          state.volume = Math.round(Math.min(volumes.max, Math.max(volumes.min, state.volume + (action === "louder" ? 1 : -1) * volumes.step)) * 10) / 10;
          save();
          show(); // heard in the reading itself
        }
        return;
      }
      if (reading && action !== "read") {
        p.querySelector("[data-act=stop]").click();
      }
      if (action !== "pause") {
        stop(); // speech stops the moment the visitor acts
      }
      if (action) {
        e.preventDefault();
        e.stopPropagation(); // a keypad digit types nothing while it is a command
        actions[action]();
      }
    }

    function onKeyUp(e) {
      if (!hold || !(e.code === "Numpad5" || e.key === "5" || e.key === "Clear")) {
        return;
      }
      e.preventDefault();
      var h = hold;
      hold = null;
      window.clearTimeout(h.timer);
      if (h.fired) {
        return;
      }
      if (state.on) {
        stop();
        activate();
      } else if (editable(h.target) && h.key === "5" && typeof h.target.setRangeText === "function") {
        // A short 5 on the keypad still types in the search field.
        h.target.setRangeText("5", h.target.selectionStart, h.target.selectionEnd, "end");
        h.target.dispatchEvent(new Event("input", {bubbles: true}));
      }
    }

    document.addEventListener("keydown", onKeyDown, true);
    document.addEventListener("keyup", onKeyUp, true);
    document.addEventListener("pointerdown", function (e) {
      if (state.on && e.target !== button) {
        stop();
      }
    }, true);

    // Focus, however it moved (Tab, a touch, a dialog opening), is said.
    document.addEventListener("focusin", function (e) {
      if (!state.on || quiet || e.target === document.body) {
        return;
      }
      say(describe(e.target));
      lastFocus = e.target;
    });

    // Typed characters are echoed, as a screen reader does.
    document.addEventListener("input", function (e) {
      if (state.on && e.isTrusted && e.data && editable(e.target)) {
        append([phrase(e.data, langOf(e.target))]);
      }
    });

    // Live regions (the on-screen keyboard's echo, the number of
    // suggestions, the idle countdown) are said after what is being said.
    if (window.MutationObserver) {
      new MutationObserver(function (records) {
        if (!state.on) {
          return;
        }
        var seen = [];
        records.forEach(function (r) {
          var region = r.target.nodeType === 1 ? r.target : r.target.parentElement;
          region = region && region.closest("[role=status], [aria-live]:not([aria-live=off])");
          // The player's own states ("Czytanie"…) would talk over its reading.
          if (region && seen.indexOf(region) < 0 && region.getAttribute("aria-hidden") !== "true" && !region.closest("[data-module=bk-speech]")) {
            seen.push(region);
            append([phrase(textOf(region), langOf(region))]);
          }
        });
      }).observe(document.body, {childList: true, subtree: true, characterData: true});
    }

    button.addEventListener("click", function (e) {
      e.preventDefault();
      toggle();
    });

    // A page shown again from the back/forward cache runs no script again:
    // take the visit's state (the reset may have cleared it) and say the page.
    window.addEventListener("pageshow", function (e) {
      if (!e.persisted) {
        return;
      }
      stop();
      state = load(defaults);
      show();
      if (state.on) {
        focusTop();
        say(pageParts());
      }
    });

    button.hidden = false;
    show();
    // A new page while speech is on: say which page it is, from its heading.
    if (state.on) {
      focusTop();
      say(pageParts());
    }
  }

  // load reads this visit's talking state; anything missing or out of
  // bounds is the default.
  function load(defaults) {
    var s = null;
    try {
      s = JSON.parse(window.sessionStorage.getItem(storeKey) || "null");
    } catch (e) { /* defaults */ }
    if (!s) {
      return {on: defaults.on, volume: defaults.volume, speed: defaults.speed};
    }
    var within = function (v, lo, hi, d) { return typeof v === "number" && v >= lo && v <= hi ? v : d; };
    return {
      on: s.on === true,
      volume: within(s.volume, volumes.min, volumes.max, defaults.volume),
      speed: within(s.speed, speeds.min, speeds.max, defaults.speed)
    };
  }

  window.bkModule("bk-talk", initTalk);
})();
