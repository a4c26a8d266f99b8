"""Offline rapporteur notebook for the workshops of the Thirteenth UN Crime Congress."""
