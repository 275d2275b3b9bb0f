"""Digital-literacy training: plain-Python engine, trainee store and instructor statistics.

Nothing here imports Qt; the widgets in kiosk_ui/modes/training*.py only display and forward.
"""
