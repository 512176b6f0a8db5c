"""ws_widgets: Django Channels consumers, template tags and a broadcast API for the ws-widgets elements."""

__version__ = "0.1.0"
