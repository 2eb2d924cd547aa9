import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSecretName, MASK, redact, redactCmdline, redactDeep } from '../../src/core/redact.ts';

// Realistic secrets in the places they really appear. Each row: text, and the secret that must not
// survive. Values are made up but have each provider's real shape.
const SECRETS: [string, string][] = [
  [
    'node server.js --api-key=sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcdefgh',
    'sk-ant-api03-AbCdEfGhIjKlMnOp',
  ],
  ['python3 app.py --openai-key sk-proj-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Jj1Ih0Gg', 'Zx9Yw8Vu7Ts6Rq5Po4Nm3'],
  ['git clone https://ghp_R2d2C3poBb8Yoda1Luke2Leia3Han4Solo5Chew@github.com/acme/x.git', 'ghp_R2d2C3po'],
  ['gh auth --with-token github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', 'github_pat_11ABCDEFG'],
  ['glab --token glpat-xY7zW3vU9tS1rQ5pO2nM', 'glpat-xY7zW3vU9tS1rQ5pO2nM'],
  ['aws s3 ls AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE', 'AKIAIOSFODNN7EXAMPLE'],
  ['env AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY aws s3 ls', 'wJalrXUtnFEMI'],
  [
    'curl https://maps.googleapis.com/x?key=AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW',
    'AIzaSyA1b2C3d4E5f6G7h8I9j0',
  ],
  ['slackbot --token xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx', 'xoxb-123456789012'],
  ['stripe listen --api-key sk_live_51H8abcDEFghiJKLmnoPQRstu', 'sk_live_51H8abcDEFghiJKL'],
  [
    'npm publish --//registry.npmjs.org/:_authToken=npm_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789',
    'npm_AbCdEfGhIjKlMnOp',
  ],
  ['huggingface-cli login --token hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567', 'hf_AbCdEfGhIjKlMnOpQr'],
  [
    'curl -H "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U" https://api',
    'dozjgNryP4J3jVmNHl0w5N',
  ],
  [
    "curl -H 'Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l' https://api.example.com",
    'YWxhZGRpbjpvcGVuc2VzYW1l',
  ],
  ['curl -u admin:Tr0ub4dor&3 https://nexus.local/repo', 'Tr0ub4dor&3'],
  ["curl -H 'X-Api-Key: 9f86d081884c7d659a2feaa0c55ad015' https://x", '9f86d081884c7d659a2feaa0c55ad015'],
  ['psql postgresql://app:s3cr3t-P%40ss@db.internal:5432/prod', 's3cr3t-P%40ss'],
  ['redis-cli -u redis://default:hunter2hunter2@cache:6379', 'hunter2hunter2'],
  ['mongod --config x.conf mongodb+srv://root:CorrectHorse9@cluster0.mongodb.net/', 'CorrectHorse9'],
  ['mysql -u root -pMyS3cretPw! shop', 'MyS3cretPw!'],
  ['/usr/bin/mysqldump --user=backup --password=Backup#2024 --all-databases', 'Backup#2024'],
  ['sshpass -p letmein123 ssh deploy@10.0.0.5', 'letmein123'],
  ['redis-cli -a Sup3rS3cret -h 127.0.0.1 ping', 'Sup3rS3cret'],
  ['java -Djavax.net.ssl.keyStorePassword=changeit123 -jar app.jar', 'changeit123'],
  ['DB_PASSWORD=pa55w0rd-xyz node dist/server.js', 'pa55w0rd-xyz'],
  ['PGPASSWORD=topsecretpg pg_dump -h db prod', 'topsecretpg'],
  ['MYSQL_PWD=qwerty987 mysql -h db', 'qwerty987'],
  ['GITHUB_TOKEN=abcdef0123456789abcdef0123456789abcdef01 gh pr list', 'abcdef0123456789abcdef01'],
  ['./worker --client-secret 7Fj2kLm9QpR4sT8v --client-id public-app', '7Fj2kLm9QpR4sT8v'],
  ['app --db-pass hunter22 --verbose', 'hunter22'],
  ['vault login -method=userpass username=ops password=Vault!Pass1', 'Vault!Pass1'],
  ['openssl pkcs12 -export -passout pass:P12Secret! -out x.p12', 'P12Secret!'],
  [
    'sshd[812]: received key -----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ -----END OPENSSH PRIVATE KEY-----',
    'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ',
  ],
  ['-----BEGIN RSA PRIVATE KEY----- MIIEowIBAAKCAQEA7bq truncated', 'MIIEowIBAAKCAQEA7bq'],
  ['app[99]: login ok {"user":"bob","password":"j50n-Pa55"}', 'j50n-Pa55'],
  ['nginx: GET /callback?code=abc&access_token=ya29.a0AfH6SMBxyzxyzxyzxyzxyzxyz&state=1', 'ya29.a0AfH6SMB'],
  [
    's3 GET /b/o?X-Amz-Credential=AKIDEXAMPLE&X-Amz-Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024',
    'fe5f80f77d5fa3',
  ],
  ['webhook https://hooks.slack.com/x?token=T0001B0002XXXXXXXXXXXX', 'T0001B0002XXXXXXXXXXXX'],
  ['docker run -e API_KEY=abc123def456ghi789 -e MODE=prod img', 'abc123def456ghi789'],
  [
    'sendmail SG.AbCdEfGhIjKlMnOpQrStUv.WxYz0123456789AbCdEfGhIjKlMnOpQrStUvWxYz01234',
    'SG.AbCdEfGhIjKlMnOpQrStUv',
  ],
  ['telegram-bot 123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawE', 'AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawE'],
  [
    'kubectl --token=eyJhbGciOiJSUzI1NiIsImtpZCI6IiJ9.eyJpc3MiOiJrdWJlcm5ldGVzIn0.sig get pods',
    'eyJpc3MiOiJrdWJlcm5ldGVzIn0',
  ],
  ['app --secret=Xk2p9Q --config=/etc/app.toml', 'Xk2p9Q'],
  ['Authorization=Token 0123456789abcdef0123', '0123456789abcdef0123'],
  ['proxy: Proxy-Authorization: Negotiate YIIGhgYGKwYBBQUCoIIGejCCBnag', 'YIIGhgYGKwYBBQUCoIIGejCCBnag'],
];

// Ordinary command lines: nothing may change (no false masking).
const ORDINARY: string[] = [
  'python3 /home/dev/proj/mcp_server.py --port 8765 --log-level info',
  'node /usr/lib/node_modules/typescript/lib/tsserver.js --useInferredProjectPerProjectRoot --cancellationPipeName /tmp/vscode-typescript0/tscancellation-1.sock*',
  'node --max-old-space-size=4096 node_modules/.bin/vite --host 0.0.0.0 --port 5173',
  '/usr/bin/python3 -m http.server 8000',
  'uvicorn app.main:app --reload --host 127.0.0.1 --port 8000',
  '/opt/google/chrome/chrome --type=renderer --password-store=basic --field-trial-handle=3,i,1234567890,98765,262144 --lang=en-US',
  'ssh -o PasswordAuthentication=no -o PubkeyAuthentication=yes git@github.com',
  'docker login --password-stdin -u ci registry.example.com',
  'gpg --batch --passphrase-file /run/secrets/gpg.txt --decrypt x.gpg',
  'llama-server --model /models/q4.gguf --ctx-size 8192 --max-tokens 1024 --n-gpu-layers 33',
  'python train.py --tokenizer=bert-base-uncased --batch-size 32 --seed 42',
  'git commit -m fix token refresh race',
  'vim /etc/passwd',
  'cat /home/dev/.ssh/id_ed25519.pub',
  'postgres -D /var/lib/postgresql/15/main -c config_file=/etc/postgresql/15/main/postgresql.conf',
  'redis-server 127.0.0.1:6379',
  'containerd-shim-runc-v2 -namespace moby -id 4f2a9c1e7b3d5f60a8e9c2b1d4f6a7e8c9b0a1d2e3f4a5b6c7d8e9f0a1b2c3d4 -address /run/containerd/containerd.sock',
  'rust-analyzer',
  'cargo build --release --target x86_64-unknown-linux-gnu',
  'npm run dev -- --open',
  'sudo -u postgres psql -c SELECT 1',
  'nginx: worker process',
  'java -Dspring.profiles.active=dev -Xmx2g -jar app.jar',
  'code --user-data-dir=/tmp/vsc --extensions-dir=/tmp/ext',
  'kubectl --token-file=/var/run/secrets/token get pods',
  'openssl s_client -connect example.com:443 -servername example.com',
  'sha256sum 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  'bash -c while true; do sleep 1; done',
  'tmux new-session -d -s work',
  'ssh-agent -s',
  'dbus-daemon --session --address=systemd: --nofork --nopidfile --systemd-activation',
  'SSH_AUTH_SOCK=/tmp/ssh-XXXX/agent.1 PWD=/home/dev OLDPWD=/ TERM=xterm-256color make',
  'app --auth-type=oauth --auth-user=alice --session-id-length=32',
  'node dist/index.js --signature-algorithm=rsa-sha256 --api-version=2024-01-01',
  'python3 -m torch.distributed.run --nproc_per_node=2 --master_port=29500 train.py',
  'https://example.com/search?q=password+reset&page=2',
];

test('every realistic secret is masked', () => {
  for (const [text, secret] of SECRETS) {
    const out = redactCmdline(text);
    assert.ok(!out.includes(secret), `leaked ${secret} in: ${out}`);
    assert.ok(out.includes(MASK), `no mask in: ${out}`);
    // A journal line that quotes the command is masked alike.
    const line = redact(`systemd[1]: Started ${text} (pid 4242)`);
    assert.ok(!line.includes(secret), `journal line leaked ${secret} in: ${line}`);
  }
});

test('ordinary command lines are left untouched', () => {
  for (const cmd of ORDINARY) {
    assert.equal(redactCmdline(cmd), cmd);
    assert.equal(redact(cmd), cmd);
  }
});

test('the shape around a secret is kept, so the model still understands the command', () => {
  assert.equal(
    redactCmdline('psql postgresql://app:pw123@db:5432/prod'),
    `psql postgresql://app:${MASK}@db:5432/prod`,
  );
  assert.equal(redactCmdline('app --password hunter2 --port 80'), `app --password ${MASK} --port 80`);
  assert.equal(redactCmdline('app --token=abc --port=80'), `app --token=${MASK} --port=80`);
  assert.equal(redactCmdline('mysql -uroot -pSecret db'), `mysql -uroot -p${MASK} db`);
  assert.equal(redactCmdline('curl -u bob:pw https://x'), `curl -u bob:${MASK} https://x`);
});

test('secret names: flags and variables', () => {
  for (const n of [
    '--password',
    'DB_PASSWORD',
    'PGPASSWORD',
    'api_key',
    'apiKey',
    '--client-secret',
    'GITHUB_TOKEN',
    'SECRET_ACCESS_KEY',
    '--private-key',
    'MYSQL_PWD',
    'REDISCLI_AUTH',
  ])
    assert.ok(isSecretName(n), n);
  for (const n of [
    '--password-file',
    'PWD',
    'OLDPWD',
    '--max-tokens',
    '--tokenizer',
    '--key',
    '--port',
    'TOKEN_URL',
    '--no-password',
    'SSH_AUTH_SOCK',
    '--password-store',
    'bypass',
    '--passive',
  ])
    assert.ok(!isSecretName(n), n);
});

test('anonymize masks user names, host names, homes, e-mails and IPs', () => {
  const line =
    'alice@devbox: python3 /home/alice/mcp.py --notify alice.smith@example.com --peer 192.168.1.20 on devbox.lan 127.0.0.1';
  const out = redact(line, { anonymize: true, users: ['alice'], hosts: ['devbox.lan'] });
  for (const leaked of ['alice', 'devbox', 'example.com', '192.168.1.20'])
    assert.ok(!out.includes(leaked), `${leaked} in ${out}`);
  assert.ok(out.includes('127.0.0.1'));
  assert.ok(out.includes('/home/[user]/mcp.py'));
  // Without anonymize, names stay (they are not secrets).
  assert.equal(redact('python3 /home/alice/mcp.py', { users: ['alice'] }), 'python3 /home/alice/mcp.py');
  // Anonymize does not touch root or words that merely contain a user name.
  assert.equal(
    redact('root runs alicebot', { anonymize: true, users: ['alice', 'root'] }),
    'root runs alicebot',
  );
});

test('a token cut short by an ellipsis (a shortened message) is masked by what is left of it', () => {
  const cases: [string, string][] = [
    ['python3 app.py --x ghp_ABCDEFGHIJ…', 'python3 app.py --x [REDACTED]…'],
    ['node srv.js sk-ant-api03-abcd…', 'node srv.js [REDACTED]…'],
    ['psql postgres://app:s3cretpa…', 'psql postgres://app:[REDACTED]…'],
    ['curl -H Authorization: Bearer abc…', 'curl -H Authorization: Bearer [REDACTED]'],
    ['x eyJhbGciOiJIUzI…', 'x [REDACTED]…'],
    ['x AKIAIOSFODN…', 'x [REDACTED]…'],
    ['x xoxb-1234…', 'x [REDACTED]…'],
    // Ordinary shortened text is left alone.
    [
      'python3 -m http.server --directory /srv/task-runner…',
      'python3 -m http.server --directory /srv/task-runner…',
    ],
    ['make -j8 all…', 'make -j8 all…'],
  ];
  for (const [input, want] of cases) assert.equal(redact(input), want, input);
});

test('redactDeep: every string of a record, and a string under a secret-named key, keys and numbers kept', () => {
  const rec = {
    time: 1,
    cmdline: 'app --password=hunter2 --port 8080',
    subject: { pids: [1, 2], cmdline: 'DB_PASSWORD=x y' },
    list: ['ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 'plain'],
    token: 'abc',
    inputTokens: 12,
    apiKeyEnv: 'ANTHROPIC_API_KEY',
    when: new Date(0),
  };
  assert.deepEqual(redactDeep(rec), {
    time: 1,
    cmdline: 'app --password=[REDACTED] --port 8080',
    subject: { pids: [1, 2], cmdline: 'DB_PASSWORD=[REDACTED] y' },
    list: ['[REDACTED]', 'plain'],
    token: '[REDACTED]',
    inputTokens: 12,
    apiKeyEnv: 'ANTHROPIC_API_KEY',
    when: '1970-01-01T00:00:00.000Z',
  });
});
