"""SafeVoice: anonymous, accessible public consultations on sensitive subjects."""
