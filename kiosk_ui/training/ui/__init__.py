"""Qt widgets of the training mode: they display view data and forward presses as signals."""
