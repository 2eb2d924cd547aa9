// Colour detection (screens/colors.ts) over TERM / COLORTERM / TMUX / NO_COLOR and terminfo's
// count, as tmux, screen, xterm and a Linux console set them; and the 256-colour palette turned
// into truecolour. Pure.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ColorEnv, detectColorDepth, TRUECOLOR, toTruecolor, xtermRgb } from '../../screens/colors.ts';

const depth = (env: ColorEnv, terminfo = 8, enabled = true) => detectColorDepth(env, terminfo, enabled);

test('NO_COLOR (any non-empty value), --no-color, no TERM and a dumb terminal: no colour at all', () => {
  for (const NO_COLOR of ['1', 'true', '0']) {
    assert.equal(depth({ TERM: 'xterm-256color', COLORTERM: 'truecolor', NO_COLOR }, 256), 0, NO_COLOR);
    assert.equal(depth({ TERM: 'screen', TMUX: '/tmp/tmux-0/default,1,0', NO_COLOR }), 0);
  }
  // An empty NO_COLOR is no request (no-color.org): colour as usual.
  assert.equal(depth({ TERM: 'xterm-256color', NO_COLOR: '' }), 256);
  assert.equal(depth({ TERM: 'xterm-256color', COLORTERM: 'truecolor' }, 256, false), 0);
  assert.equal(depth({}, 256), 0);
  assert.equal(depth({ TERM: '', COLORTERM: 'truecolor' }, 256), 0);
  assert.equal(depth({ TERM: 'dumb' }, 256), 0);
  assert.equal(depth({ TERM: 'DUMB' }), 0);
});

test('truecolour from COLORTERM (truecolor, 24bit, any case) or a -direct terminfo', () => {
  assert.equal(TRUECOLOR, 16777216);
  for (const COLORTERM of ['truecolor', '24bit', 'TrueColor']) {
    assert.equal(depth({ TERM: 'xterm-256color', COLORTERM }), TRUECOLOR, COLORTERM);
    assert.equal(depth({ TERM: 'tmux-256color', TMUX: 'x', COLORTERM }), TRUECOLOR);
  }
  assert.equal(depth({ TERM: 'xterm-direct' }), TRUECOLOR);
  // Any other COLORTERM says nothing about depth.
  assert.equal(depth({ TERM: 'xterm', COLORTERM: 'yes' }, 8), 8);
});

test('256 colours: a *256color TERM, or screen/tmux inside tmux whatever terminfo says', () => {
  for (const TERM of ['xterm-256color', 'screen-256color', 'tmux-256color', 'rxvt-unicode-256color'])
    assert.equal(depth({ TERM }, 8), 256, TERM);
  // tmux's default TERM is plain `screen`; blessed 0.1.81 reads 8 colours from it.
  assert.equal(depth({ TERM: 'screen', TMUX: '/tmp/tmux-0/default,42,0' }, 8), 256);
  assert.equal(depth({ TERM: 'tmux', TMUX: '/tmp/tmux-0/default,42,0' }, 8), 256);
  // GNU screen (no TMUX) with its plain TERM: what terminfo says.
  assert.equal(depth({ TERM: 'screen' }, 8), 8);
  // TMUX with another TERM (set by hand) is not enough.
  assert.equal(depth({ TERM: 'xterm', TMUX: 'x' }, 8), 8);
});

test('otherwise terminfo decides: 256, 16, else 8 (also when it found nothing)', () => {
  assert.equal(depth({ TERM: 'xterm' }, 256), 256);
  assert.equal(depth({ TERM: 'xterm' }, 88), 16);
  assert.equal(depth({ TERM: 'xterm-16color' }, 16), 16);
  assert.equal(depth({ TERM: 'linux' }, 8), 8);
  assert.equal(depth({ TERM: 'vt100' }, -1), 8);
  assert.equal(depth({ TERM: 'vt100' }, -2), 8);
});

test('the xterm palette as RGB: the 6×6×6 cube and the grey ramp', () => {
  assert.deepEqual(xtermRgb(16), [0, 0, 0]);
  assert.deepEqual(xtermRgb(196), [255, 0, 0]);
  assert.deepEqual(xtermRgb(46), [0, 255, 0]);
  assert.deepEqual(xtermRgb(21), [0, 0, 255]);
  assert.deepEqual(xtermRgb(231), [255, 255, 255]);
  assert.deepEqual(xtermRgb(244), [128, 128, 128]);
  assert.deepEqual(xtermRgb(232), [8, 8, 8]);
  assert.deepEqual(xtermRgb(255), [238, 238, 238]);
});

test('toTruecolor rewrites 256-colour SGR (fg and bg), never the 16 theme colours', () => {
  assert.equal(toTruecolor('38;5;196'), '38;2;255;0;0');
  assert.equal(toTruecolor('48;5;232'), '48;2;8;8;8');
  assert.equal(toTruecolor('1;38;5;244;48;5;16'), '1;38;2;128;128;128;48;2;0;0;0');
  assert.equal(toTruecolor('38;5;7'), '38;5;7');
  assert.equal(toTruecolor('48;5;15'), '48;5;15');
  assert.equal(toTruecolor('38;5;300'), '38;5;300', 'not a palette index');
  assert.equal(toTruecolor('31;1'), '31;1');
});
