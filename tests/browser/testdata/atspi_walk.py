"""atspi_walk: what a screen reader is told about the bipkiosk window.

Run by tests/browser/atspi_test.go with Debian's python3 and python3-pyatspi,
on the private accessibility bus the test starts. It reads the window's web
document over AT-SPI (the interface Orca reads) and prints JSON; the Go test
holds every expectation. It reads commands, one JSON array a line, on stdin
and answers each with one line of JSON, {"ok": ...} or {"error": "..."}:

  ["snapshot"]                the document: title, address, and every object
                              with its role, name, states and attributes, in
                              reading order
  ["act", ROLE, NAME]         run the first action of the first object with
                              that role ("" for any) and name (a link's
                              "jump", a button's "press")
  ["focus", ROLE, NAME]       focus that object (the test then types on the
                              X keyboard)
  ["text", ROLE, NAME]        that object's text

  usage: /usr/bin/python3 atspi_walk.py PID   (the bipkiosk process to read)
"""

import json
import sys
import time

import pyatspi

# The states a screen reader speaks for the objects the test checks.
STATES = {
    pyatspi.STATE_CHECKED: "checked",
    pyatspi.STATE_PRESSED: "pressed",
    pyatspi.STATE_EXPANDABLE: "expandable",
    pyatspi.STATE_EXPANDED: "expanded",
    pyatspi.STATE_FOCUSABLE: "focusable",
    pyatspi.STATE_FOCUSED: "focused",
    pyatspi.STATE_SELECTED: "selected",
    pyatspi.STATE_BUSY: "busy",
    pyatspi.STATE_SHOWING: "showing",
    pyatspi.STATE_INVALID: "invalid",
}

# Objects below these roles are not walked: an option list or a long run of
# text carries nothing the test checks, and each object costs D-Bus calls.
LEAVES = {"combo box", "text", "static", "image", "separator", "scroll bar"}


def app_of(pid):
    """The bipkiosk application on the accessibility bus."""
    desktop = pyatspi.Registry.getDesktop(0)
    for app in desktop:
        if app is not None and app.get_process_id() == pid:
            return app
    raise LookupError("no application of process %d on the accessibility bus" % pid)


def document(pid):
    """The web document shown in the window (the one that is showing)."""
    found = []

    def find(o, depth):
        if o is None or depth > 12:
            return
        if o.getRoleName() == "document web":
            found.append(o)
            return
        for i in range(o.childCount):
            find(o.getChildAtIndex(i), depth + 1)

    find(app_of(pid), 0)
    showing = [d for d in found if d.getState().contains(pyatspi.STATE_SHOWING)]
    if not (showing or found):
        raise LookupError("the window has no web document yet")
    return (showing or found)[0]


def attributes(o):
    out = {}
    for kv in o.getAttributes() or []:
        k, _, v = kv.partition(":")
        out[k] = v
    return out


def text_of(o):
    try:
        t = o.queryText()
    except NotImplementedError:
        return ""
    return t.getText(0, -1).replace("\ufffc", "").strip()


def node(o, depth):
    role = o.getRoleName()
    states = o.getState()
    n = {
        "role": role,
        "name": o.name or "",
        "depth": depth,
        "states": [s for k, s in STATES.items() if states.contains(k)],
        "attrs": attributes(o),
    }
    if "live" in n["attrs"] or role in ("label", "paragraph", "combo box", "entry"):
        n["text"] = text_of(o)
    if role in ("heading", "link"):
        n["locale"] = o.get_object_locale() or ""
    return n


def walk(o, depth, out):
    out.append(node(o, depth))
    if out[-1]["role"] in LEAVES:
        return
    for i in range(o.childCount):
        c = o.getChildAtIndex(i)
        if c is not None:
            walk(c, depth + 1, out)


def snapshot(pid):
    doc = document(pid)
    d = doc.queryDocument()
    nodes = []
    for i in range(doc.childCount):
        c = doc.getChildAtIndex(i)
        if c is not None:
            walk(c, 0, nodes)
    app = app_of(pid)
    frames = [app.getChildAtIndex(i) for i in range(app.childCount)]
    return {
        # The window is shown and has the keyboard (it starts hidden).
        "active": any(f is not None and f.getState().contains(pyatspi.STATE_ACTIVE) for f in frames),
        "title": doc.name or "",
        "uri": d.getAttributeValue("URI") or "",
        "locale": d.getLocale() or "",
        "busy": doc.getState().contains(pyatspi.STATE_BUSY),
        "nodes": nodes,
    }


def find(pid, role, name):
    """The first object in reading order with this role and name."""
    hit = []

    def look(o):
        if hit or o is None:
            return
        if (not role or o.getRoleName() == role) and (o.name or "") == name:
            hit.append(o)
            return
        for i in range(o.childCount):
            look(o.getChildAtIndex(i))

    look(document(pid))
    if not hit:
        raise LookupError("no %s named %r in the document" % (role, name))
    return hit[0]


def act(pid, role, name):
    o = find(pid, role, name)
    a = o.queryAction()
    if a.nActions < 1:
        raise LookupError("the %s %r has no action" % (role, name))
    actions = [a.getName(i) for i in range(a.nActions)]
    if not a.doAction(0):
        raise RuntimeError("the %s %r refused its action %r" % (role, name, actions[0]))
    return {"done": actions[0], "actions": actions}


def focus(pid, role, name):
    o = find(pid, role, name)
    if not o.queryComponent().grabFocus():
        raise RuntimeError("the %s %r refused the focus" % (role, name))
    for _ in range(50):
        if o.getState().contains(pyatspi.STATE_FOCUSED):
            return o
        time.sleep(0.02)
    raise RuntimeError("the %s %r did not take the focus" % (role, name))


def focus_only(pid, role, name):
    focus(pid, role, name)
    return {}


def text(pid, role, name):
    return {"text": text_of(find(pid, role, name))}


COMMANDS = {"snapshot": (snapshot, 0), "act": (act, 2), "focus": (focus_only, 2), "text": (text, 2)}


def answer(pid, line):
    try:
        cmd = json.loads(line)
        fn, nargs = COMMANDS[cmd[0]]
        if len(cmd) != nargs + 1:
            raise LookupError("%s takes %d arguments" % (cmd[0], nargs))
        return {"ok": fn(pid, *cmd[1:])}
    except (LookupError, RuntimeError, NotImplementedError, ValueError, KeyError) as e:
        return {"error": "%s: %s" % (type(e).__name__, e)}


def main(argv):
    if len(argv) != 2:
        raise SystemExit(__doc__)
    pid = int(argv[1])
    pyatspi.setTimeout(5000, 10000)
    for line in sys.stdin:
        json.dump(answer(pid, line), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv)
