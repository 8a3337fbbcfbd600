-- A PaymentIntent's client secret is not stored (Stripe asks that it be neither stored
-- nor logged); the pay page asks Stripe for the open intent again on a reload.
ALTER TABLE stripe_intents DROP COLUMN client_secret;
