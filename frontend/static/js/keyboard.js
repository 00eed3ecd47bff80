// bk-osk: the kiosk's on-screen keyboard for the search box. The server
// renders the keys (internal/web/keyboard.go) in a hidden panel inside the
// search form, and a hidden "Klawiatura" toggle beside the field; without
// this script neither appears. Here the toggle opens and closes the panel,
// and the keys type into the field at its caret, firing "input" so the
// suggestions (search.js) follow. A tap on a key leaves focus where it was,
// normally in the field, so its caret and the suggestions stay; a keyboard
// or screen-reader user who moves onto a key keeps focus there, and hears
// what the key did through a polite live region (#bk-osk-said): the field is
// not focused, so nothing else would speak it. The hardware keyboard keeps
// working throughout.
(function () {
  "use strict";

  function initKeyboard(panel) {
    var form = panel.closest("form");
    var input = form ? form.querySelector("input[name=q]") : null;
    var toggle = document.querySelector("[aria-controls='" + panel.id + "']");
    if (!input || !toggle || typeof input.setRangeText !== "function") {
      return; // the field alone, as without scripts
    }
    var shift = false;
    var said = document.getElementById("bk-osk-said");
    var flip = false; // the same words twice in a row are still a change to announce

    // say announces what a key did, only while focus is off the field: in
    // the field the screen reader speaks the value itself.
    function say(text, lang) {
      if (!said || !text || document.activeElement === input) {
        return;
      }
      if (lang) {
        said.setAttribute("lang", lang);
      } else {
        said.removeAttribute("lang");
      }
      flip = !flip;
      said.textContent = flip ? text : text + "\u00a0";
    }

    function setOpen(open) {
      panel.hidden = !open;
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      form.classList.toggle("bk-search--osk", open);
      if (open) {
        // No second, system keyboard over ours when the field has focus.
        input.setAttribute("inputmode", "none");
        if (document.activeElement !== input) {
          var end = input.value.length;
          input.setSelectionRange(end, end);
        }
      } else {
        input.removeAttribute("inputmode");
        setShift(false);
      }
    }

    function changed() {
      input.dispatchEvent(new Event("input", {bubbles: true}));
    }

    function type(text) {
      input.setRangeText(text, input.selectionStart, input.selectionEnd, "end");
      changed();
    }

    // erase deletes the selection or the character before the caret; it
    // reports whether anything went.
    function erase() {
      var start = input.selectionStart;
      var end = input.selectionEnd;
      if (start === end) {
        if (start === 0) {
          return false;
        }
        start--;
      }
      input.setRangeText("", start, end, "end");
      changed();
      return true;
    }

    function clear() {
      if (input.value === "") {
        return false;
      }
      input.value = "";
      changed();
      return true;
    }

    function setShift(on) {
      shift = on;
      var keys = panel.querySelectorAll("[data-key='shift']");
      for (var i = 0; i < keys.length; i++) {
        keys[i].setAttribute("aria-pressed", on ? "true" : "false");
      }
      var chars = panel.querySelectorAll("[data-char]");
      for (var j = 0; j < chars.length; j++) {
        chars[j].textContent = chars[j].getAttribute(on ? "data-upper" : "data-char");
      }
    }

    // show switches to another layout. A keyboard user on the switch key
    // would be left on a hidden button: focus the key that switches back.
    function show(id, from) {
      var layouts = panel.querySelectorAll(".bk-osk__layout");
      var shown = null;
      for (var i = 0; i < layouts.length; i++) {
        layouts[i].hidden = layouts[i].getAttribute("data-layout") !== id;
        if (!layouts[i].hidden) {
          shown = layouts[i];
        }
      }
      if (shown && document.activeElement === from) {
        var back = shown.querySelector("[data-key='switch']");
        if (back) {
          back.focus();
        }
      }
    }

    toggle.hidden = false;
    toggle.addEventListener("click", function (event) {
      var open = panel.hidden;
      setOpen(open);
      // Opened by touch or mouse: put the caret in the field, where the keys type.
      if (open && event.detail > 0) {
        input.focus();
      }
    });
    // Keep focus (and the caret, and the suggestions) where it is on a tap.
    panel.addEventListener("mousedown", function (event) {
      if (event.target.closest("button")) {
        event.preventDefault();
      }
    });
    panel.addEventListener("click", function (event) {
      var key = event.target.closest("button");
      if (!key) {
        return;
      }
      var kind = key.getAttribute("data-key");
      switch (kind) {
        case null:
          var text = key.getAttribute(shift ? "data-upper" : "data-char");
          type(text);
          say(text, key.getAttribute("lang"));
          if (shift) {
            setShift(false); // one capital, as on a phone
          }
          break;
        case "space":
          type(" ");
          say(said && said.getAttribute("data-space"));
          break;
        case "backspace":
          if (erase()) {
            say(said && said.getAttribute("data-backspace"));
          }
          break;
        case "clear":
          if (clear()) {
            say(said && said.getAttribute("data-clear"));
          }
          break;
        case "shift":
          setShift(!shift);
          break;
        case "switch":
          show(key.getAttribute("data-target"), key);
          break;
        // "submit" is a submit button: the form does the rest.
      }
    });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        setOpen(false);
        toggle.focus();
      }
    });
  }

  window.bkModule("bk-osk", initKeyboard);
})();
