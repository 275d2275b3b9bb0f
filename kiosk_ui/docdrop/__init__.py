"""docdrop: documents sent from a phone to a public agency, by a QR code shown at a kiosk."""
