// The credentials the sandbox accepts by default. They are public, fixed values (not secrets): the CLI prints them
// and `.env.example` lists them so a clone can talk to its own sandbox without configuration.
export const SANDBOX_CREDENTIALS = {
  youtrack: { token: "perm:dGFsay1xYQ==.c2FuZGJveA==.Yt7bQm2Xq9LzR4vN8sKp3WdE6hJc1F" },
  poweroffice: {
    applicationKey: "0b6f2f84-5d3e-4a8e-9c43-7d1f2a6b9e01",
    clientKey: "a3c9e7d2-1f4b-4c6a-8e25-93b0d7f14c62",
    subscriptionKey: "5f1e9c3a7b2d4e6f8a0c1b3d5e7f9a2c",
  },
  // Sesam Talk is an integration of its own in PowerOffice Go, with its own keys and its own share of the rate
  // limit; the sandbox's node uses these, the harness the ones above.
  powerofficeTalk: {
    applicationKey: "6d2c8a41-93b7-4f0e-b5d1-2a7e9c4f8b33",
    clientKey: "e8f14b27-5c6a-4d93-a0b2-71c3d9e5f604",
    subscriptionKey: "9a7c5e3b1d2f4a6c8e0b2d4f6a8c0e1b",
  },
  sesam: {
    jwt: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ0YWxrLXFhLXNhbmRib3giLCJwcmluY2lwYWxzIjp7InRhbGstcWEtc2FuZGJveCI6WyJncm91cDpBZG1pbiJdfSwiaWF0IjoxNzk1MDAwMDAwLCJleHAiOjQxMDI0NDQ4MDAsInVzZXJfaWQiOiJ0YWxrLXFhLXNhbmRib3gifQ.H-aukQJEt-odrQ9xJYK4uvCrwSgUb_LDElmnuiazv_o",
  },
} as const;

export const SANDBOX_PORTS = { youtrack: 4710, poweroffice: 4720, sesam: 4730 } as const;

/** PowerOffice's legacy v1 API is a host of its own (api.poweroffice.net): the sandbox gives it its own port. */
export const SANDBOX_V1_PORT = 4721;
