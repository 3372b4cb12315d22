"""The paper catalog: normalising records and upserting them into Paper rows."""
