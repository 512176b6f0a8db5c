"""An example Django project using ws_widgets: a NOC page and a G-Code page behind a login."""
