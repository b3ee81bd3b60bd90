"""What the tests and the benches both drive: a running dashboard, Debian's Chromium, a Ray cluster on loopback.

Not a layer of the app: nothing in core/, ui/ or views/ imports it, and it imports nothing from them.
"""
