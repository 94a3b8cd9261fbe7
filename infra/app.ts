import { buildApp } from './build-app.ts';

const origins = process.env.MOTCUA_ALLOWED_ORIGINS?.split(',').filter(Boolean);
buildApp({ allowedOrigins: origins }).synth();
