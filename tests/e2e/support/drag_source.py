"""A tiny window that offers one file by drag and drop, as a file manager would.

Used by the end-to-end test of dropping a file on Holdfast: the test moves the pointer with
xdotool from this window's label to Holdfast's window. Usage: drag_source.py FILE
"""
import sys

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("Gdk", "3.0")
from gi.repository import Gdk, GLib, Gtk  # noqa: E402

uri = GLib.filename_to_uri(sys.argv[1], None)
window = Gtk.Window(title="Drag source")
window.set_default_size(200, 120)
window.move(0, 0)
box = Gtk.EventBox()
box.add(Gtk.Label(label="Drag me"))
box.drag_source_set(Gdk.ModifierType.BUTTON1_MASK, [], Gdk.DragAction.COPY)
box.drag_source_add_uri_targets()
box.connect("drag-data-get", lambda _w, _c, data, _i, _t: data.set_uris([uri]))
window.add(box)
window.connect("destroy", Gtk.main_quit)
window.show_all()
Gtk.main()
