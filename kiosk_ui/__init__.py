"""The kiosk app (PyQt6): one shell, modes as plugins; and docdrop, the QR upload service."""
