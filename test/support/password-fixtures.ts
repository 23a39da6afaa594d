/**
 * Password hashes made by other implementations than the one that verifies them, for the scheme
 * tests (unit and e2e) and the importer's tests. Each entry: the scheme an import names (or null:
 * recognised from the hash), the hash, the salt, the password it was made from, and where from.
 */
export interface PasswordFixture {
  name: string;
  scheme: string | null;
  hash: string;
  salt: string | null;
  password: string;
}

/** Published vectors of other bcrypt/argon2/Django implementations. */
export const PUBLISHED_HASHES: PasswordFixture[] = [
  // PHP manual, password_verify() example (a PHP password_hash() $2y$ hash).
  { name: 'bcrypt $2y$ (PHP manual)', scheme: null, hash: '$2y$07$BCryptRequires22Chrcte/VlQH0piJtjXl.0t1XkA8pw9dMXTpOq', salt: null, password: 'rasmuslerdorf' },
  // A $2y$ hash made with passlib (zitadel/passwap test values).
  { name: 'bcrypt $2y$ (passlib)', scheme: null, hash: '$2y$12$hXUrnqdq1RIIYZ2HPytIIe5lXdIvbhqrTvdPsSF7o.jFh817Z6lwm', salt: null, password: 'password' },
  // A $2b$ hash made with passlib (zitadel/passwap test values).
  { name: 'bcrypt $2b$ (passlib)', scheme: null, hash: '$2b$12$bIRGj4QPPoSUMWsJE.4Pk.T1qTpDWz7HhMnuiQhGzGinKPsx/HQdq', salt: null, password: 'password' },
  // pyca/bcrypt test vectors.
  { name: 'bcrypt $2b$ (pyca)', scheme: 'bcrypt', hash: '$2b$04$cVWp4XaNU8a4v1uMRum2SO026BWLIoQMD/TXg5uZV.0P.uO8m3YEm', salt: null, password: 'Kk4DQuMMfZL9o' },
  // Openwall crypt_blowfish and jBCrypt test vectors.
  { name: 'bcrypt $2a$ (crypt_blowfish)', scheme: null, hash: '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW', salt: null, password: 'U*U' },
  { name: 'bcrypt $2a$ (jBCrypt)', scheme: null, hash: '$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i', salt: null, password: 'abc' },
  // php-src ext/standard/tests/password/password_verify_argon2.phpt.
  { name: 'argon2i (php-src)', scheme: null, hash: '$argon2i$v=19$m=65536,t=3,p=1$OEVjWWs2Z3YvWlNZQ0ZmNw$JKin7ahjmh8JYvMyFcXri0Ss/Uvd3uYpD7MG6C/5Cy0', salt: null, password: 'test' },
  // Django's tests/auth_tests/test_hashers.py test_pbkdf2 (Django 1.5, then 5.1 iterations).
  { name: 'pbkdf2_sha256 (Django 1.5)', scheme: null, hash: 'pbkdf2_sha256$10000$seasalt$CWWFdHOWwPnki7HvkcqN9iA2T3KLW1cf2uZ5kvArtVY=', salt: null, password: 'lètmein' },
  { name: 'pbkdf2_sha256 (Django 5.1)', scheme: 'pbkdf2_sha256', hash: 'pbkdf2_sha256$870000$seasalt$wJSpLMQRQz0Dhj/pFpbyjMj71B2gUYp6HJS5AU+32Ac=', salt: null, password: 'lètmein' },
];

/**
 * The salted digest templates, computed with python3's hashlib (UTF-8 strings, inner digests in
 * lower-case hex), plus one Django pbkdf2_sha256 hash computed with hashlib.pbkdf2_hmac.
 */
export const DIGEST_PASSWORD = 'Tr0ub4dor&3 ünï';
export const DIGEST_SALT = 'pA$$.w0rd_salt';
export const DIGEST_HASHES: PasswordFixture[] = ([
  ['md5($password)', '99ce41b95e8eba6dcc458f64ee64c6a0', false],
  ['sha1($password)', 'f9bd0402278885f1767884e91e76de0cbdd5b2e7', false],
  ['sha256($password)', 'd692c71b9c17a30f683261ed23901edd7e09f4ecae4e414f707c5eb38b6d5666', false],
  ['md5($password.$salt)', '931ea6e2080d7a8c8f6e81ba869f5405', true],
  ['md5($salt.$password)', 'c7bb941eeb7e5897567bdd183d9f9451', true],
  ['md5(md5($password).$salt)', 'cbb49c9b11d12fa93cdbb9cf613f1388', true],
  ['sha1($salt.$password)', '71eb9ef77ad67ad8f2cb971710f9f2daf7ab3455', true],
  ['sha256($password.$salt)', '72a12db2197e15fa2b9b73b62698f7d2fca346fe13e6f68eb13c1bebe9af10e8', true],
  ['sha256($salt.$password)', 'cc09ebf1a801d281feb0461b3e98295d9d1dbc43abcaaa4e8b1f60dbe04eaa56', true],
] as const).map(([scheme, hash, salted]) => ({ name: scheme, scheme, hash, salt: salted ? DIGEST_SALT : null, password: DIGEST_PASSWORD }));

export const PBKDF2_HASHLIB: PasswordFixture = {
  name: 'pbkdf2_sha256 (hashlib)', scheme: null, hash: 'pbkdf2_sha256$20000$Vq3wXy9ZpL0m$w86yk5evh2luRBHBaEbNiGgGzT83u7XSquk9ublx35w=', salt: null, password: 'correct horse battery',
};
