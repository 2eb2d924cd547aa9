// The TUI: a view (screens/view.ts: the blessed screen, one box per pane, a modal box and a
// status line) driven by a controller (screens/controller.ts: the UI state, keys through the
// reducer, effects through the ports, the engine subscription, coalesced rendering through the
// pure renderers of screens/render.ts). It only subscribes to the engine and calls the ports it
// is given (kill, explain, reload); it never reads /proc itself.
import type blessed from 'blessed';
import type { ColorDepth } from './colors.ts';
import { type Controller, type ControllerOptions, createController } from './controller.ts';
import { createView } from './view.ts';

export type { Ports } from './effects.ts';
export type { EngineView } from './feed.ts';

export interface AppOptions extends ControllerOptions {
  mouse: boolean;
  /** How to decide the colour depth from terminfo's count (`vigil watch`: from the environment). */
  detectDepth?: (terminfoColors: number) => ColorDepth;
  /** A screen to draw on (tests: a screen on a PassThrough); default: the terminal. */
  screen?: blessed.Widgets.Screen;
}

export interface App extends Omit<Controller, 'press'> {
  screen: blessed.Widgets.Screen;
  /** A key press by canonical name (`f9`, `k`, `enter`…). */
  press(key: string): void;
}

export function createApp(opts: AppOptions): App {
  const view = createView({
    color: opts.color,
    ...(opts.colorDepth !== undefined
      ? { depth: opts.colorDepth }
      : opts.detectDepth
        ? { depth: opts.detectDepth }
        : {}),
    mouse: opts.mouse,
    screen: opts.screen,
  });
  const controller = createController(
    view.depth !== null && opts.colorDepth === undefined ? { ...opts, colorDepth: view.depth } : opts,
    view,
  );
  return { ...controller, screen: view.screen, press: (key) => controller.press(key) };
}
