import { describe, expect, it } from 'vitest';
import { demoIndicatorProvinces } from '../bootstrap.js';
import { parseEnv } from './env.js';

describe('configuration', () => {
  it('applies the documented defaults', () => {
    const c = parseEnv({});
    expect(c).toMatchObject({ PORT: 3000, HOST: '0.0.0.0', DATA_DIR: './data', DEMO_DATA: false, BASE_URL: 'http://localhost:3000', COOKIE_SECURE: false, oidcEnabled: false });
  });

  it('keeps stored files under the data directory unless FILES_DIR says otherwise', () => {
    expect(parseEnv({ DATA_DIR: '/srv/pc' })).toMatchObject({ FILES_DIR: '/srv/pc/files', UPLOAD_MAX_MB: 50 });
    expect(parseEnv({ DATA_DIR: '/srv/pc', FILES_DIR: '/mnt/files', UPLOAD_MAX_MB: '200' })).toMatchObject({ FILES_DIR: '/mnt/files', UPLOAD_MAX_MB: 200 });
    expect(() => parseEnv({ UPLOAD_MAX_MB: '0' })).toThrow(/UPLOAD_MAX_MB/);
  });

  it('makes cookies Secure behind an https BASE_URL', () => {
    expect(parseEnv({ BASE_URL: 'https://provincecomuni.upi.it/' })).toMatchObject({ COOKIE_SECURE: true, BASE_URL: 'https://provincecomuni.upi.it' });
  });

  it('fails fast with the list of every invalid variable', () => {
    expect(() => parseEnv({ PORT: 'abc', DATABASE_URL: 'mysql://x', SMTP_URL: 'http://mail' })).toThrow(/PORT[\s\S]*DATABASE_URL[\s\S]*SMTP_URL/);
  });

  it('requires the three OIDC variables together', () => {
    expect(() => parseEnv({ OIDC_ISSUER: 'https://id.example.it' })).toThrow(/OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET/);
    expect(parseEnv({ OIDC_ISSUER: 'https://id.example.it', OIDC_CLIENT_ID: 'a', OIDC_CLIENT_SECRET: 'b' }).oidcEnabled).toBe(true);
  });

  it('keeps files on the local disk by default; the s3 driver needs a bucket and its keys', () => {
    expect(parseEnv({})).toMatchObject({ STORAGE_DRIVER: 'local', S3_REGION: 'us-east-1', S3_FORCE_PATH_STYLE: true });
    expect(() => parseEnv({ STORAGE_DRIVER: 's3', S3_BUCKET: 'documenti' })).toThrow(
      /S3_ACCESS_KEY_ID: required with STORAGE_DRIVER=s3[\s\S]*S3_SECRET_ACCESS_KEY: required/,
    );
    const s3 = { STORAGE_DRIVER: 's3', S3_BUCKET: 'documenti', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's' };
    expect(parseEnv({ ...s3, S3_ENDPOINT: 'http://minio:9000', S3_FORCE_PATH_STYLE: 'false', S3_PREFIX: 'pc/files/' })).toMatchObject({
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: 'http://minio:9000',
      S3_FORCE_PATH_STYLE: false,
      S3_PREFIX: 'pc/files/',
    });
    expect(() => parseEnv({ ...s3, S3_PREFIX: '/assoluto' })).toThrow(/S3_PREFIX/);
    expect(() => parseEnv({ ...s3, S3_ENDPOINT: 'minio' })).toThrow(/S3_ENDPOINT/);
    expect(() => parseEnv({ STORAGE_DRIVER: 'ftp' })).toThrow(/STORAGE_DRIVER/);
  });
});

describe('demo indicator values', () => {
  const of = (env: Record<string, string>) => demoIndicatorProvinces(parseEnv(env));
  it('go to every Comune unless the Provinces are given', () => {
    expect(of({})).toBeUndefined();
    expect(of({ DEMO_INDICATOR_PROVINCES: 'all' })).toBeUndefined();
    expect(of({ DEMO_INDICATOR_PROVINCES: '001,029', DATABASE_URL: 'postgres://localhost/x' })).toEqual(['001', '029']);
  });
  it('refuses anything but `all` or ISTAT codes of Provinces', () => {
    expect(() => parseEnv({ DEMO_INDICATOR_PROVINCES: '28;29' })).toThrow(/DEMO_INDICATOR_PROVINCES/);
  });
});
