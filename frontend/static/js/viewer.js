// bk-viewer: zoom, keys and swipes for the page viewer. Without this script
// the viewer still works: the pages are links and a form (?strona=N).
// With it: zoom buttons from 100 % (the frame's width) to 400 %, the level
// announced (an <output>); keys in the viewer (+ and - zoom, 0 fits, the
// left and right arrows change the page once the frame cannot scroll further
// that way); a sideways swipe on a touch screen changes the page at full
// width. The zoom level goes with the page links (?powiekszenie=N), so the
// next page opens as large as this one; a page opened at #bk-viewer puts the
// keyboard focus on the image, so the keys go on working.
(function () {
  "use strict";

  var LEVELS = [100, 150, 200, 300, 400];
  var PARAM = "powiekszenie";
  var SWIPE = 60; // px sideways, at least twice the vertical move

  function initViewer(root) {
    var frame = root.querySelector(".bk-viewer__frame");
    var img = root.querySelector(".bk-viewer__image");
    var tools = root.querySelector("[data-viewer-tools]");
    var output = root.querySelector(".bk-viewer__level");
    var prev = root.querySelector("a[rel=prev]");
    var next = root.querySelector("a[rel=next]");
    var goto = root.querySelector(".bk-viewer__goto");
    if (!frame || !img || !tools || !output) {
      return;
    }
    var format = root.getAttribute("data-zoom-format") || "%d %";
    var level = startLevel();
    var shown = root.querySelectorAll("[data-viewer-tools]");
    for (var i = 0; i < shown.length; i++) {
      shown[i].hidden = false;
    }
    apply(level, false);

    tools.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-zoom]");
      if (button) {
        zoom(button.getAttribute("data-zoom"));
      }
    });
    root.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey || isField(event.target)) {
        return;
      }
      var handled = true;
      switch (event.key) {
        case "+":
        case "=":
          zoom("in");
          break;
        case "-":
          zoom("out");
          break;
        case "0":
          zoom("fit");
          break;
        case "ArrowRight":
          handled = event.target === frame && atEdge(1) && go(next);
          break;
        case "ArrowLeft":
          handled = event.target === frame && atEdge(-1) && go(prev);
          break;
        default:
          handled = false;
      }
      if (handled) {
        event.preventDefault();
      }
    });
    swipes();
    if (window.location.hash === "#bk-viewer") {
      // After the browser's own scroll to the fragment, which clears the
      // focus where the target (the section) cannot take it.
      var focusFrame = function () {
        window.setTimeout(function () {
          frame.focus({ preventScroll: true });
        }, 0);
      };
      if (document.readyState === "complete") {
        focusFrame();
      } else {
        window.addEventListener("load", focusFrame);
      }
    }

    function startLevel() {
      var v = parseInt(new URLSearchParams(window.location.search).get(PARAM), 10);
      return LEVELS.indexOf(v) >= 0 ? v : 100;
    }

    function zoom(how) {
      var i = LEVELS.indexOf(level);
      if (how === "in") {
        i = Math.min(i + 1, LEVELS.length - 1);
      } else if (how === "out") {
        i = Math.max(i - 1, 0);
      } else {
        i = 0;
      }
      apply(LEVELS[i], true);
    }

    // apply sets the zoom level, keeping the middle of what was seen in
    // the middle of the frame.
    function apply(to, keepCentre) {
      var cx = (frame.scrollLeft + frame.clientWidth / 2) / Math.max(frame.scrollWidth, 1);
      var cy = (frame.scrollTop + frame.clientHeight / 2) / Math.max(frame.scrollHeight, 1);
      level = to;
      img.style.width = level + "%";
      root.classList.toggle("bk-viewer--zoomed", level > 100);
      output.textContent = format.replace("%d", String(level));
      if (keepCentre) {
        frame.scrollLeft = cx * frame.scrollWidth - frame.clientWidth / 2;
        frame.scrollTop = cy * frame.scrollHeight - frame.clientHeight / 2;
      }
      carry(prev);
      carry(next);
      if (goto) {
        var input = goto.querySelector("input[name=" + PARAM + "]");
        if (!input) {
          input = document.createElement("input");
          input.type = "hidden";
          input.name = PARAM;
          goto.appendChild(input);
        }
        input.disabled = level === 100;
        input.value = String(level);
      }
    }

    // carry puts the zoom level into a page link.
    function carry(link) {
      if (!link) {
        return;
      }
      var url = new URL(link.href, window.location.href);
      if (level === 100) {
        url.searchParams.delete(PARAM);
      } else {
        url.searchParams.set(PARAM, String(level));
      }
      link.href = url.pathname + url.search + url.hash;
    }

    // atEdge reports whether the frame cannot scroll further in direction dir.
    function atEdge(dir) {
      if (dir > 0) {
        return frame.scrollLeft + frame.clientWidth >= frame.scrollWidth - 1;
      }
      return frame.scrollLeft <= 0;
    }

    function go(link) {
      if (!link) {
        return false;
      }
      window.location.href = link.href;
      return true;
    }

    function swipes() {
      var start = null;
      frame.addEventListener("pointerdown", function (event) {
        start = event.pointerType === "touch" && level === 100 ? { x: event.clientX, y: event.clientY } : null;
      });
      frame.addEventListener("pointerup", function (event) {
        if (!start) {
          return;
        }
        var dx = event.clientX - start.x;
        var dy = event.clientY - start.y;
        start = null;
        if (Math.abs(dx) >= SWIPE && Math.abs(dx) > 2 * Math.abs(dy)) {
          go(dx < 0 ? next : prev);
        }
      });
      frame.addEventListener("pointercancel", function () {
        start = null;
      });
    }
  }

  function isField(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "SELECT" || el.tagName === "TEXTAREA" || el.isContentEditable);
  }

  window.bkModule("bk-viewer", initViewer);
})();
