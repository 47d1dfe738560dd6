stripe_key = "rk_live_XNe05mMPNPFDwGz9d46BRdVB" # expect: tfvars-secret
