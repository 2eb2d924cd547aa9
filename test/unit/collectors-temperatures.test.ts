import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  cpuTemperature,
  milliToCelsius,
  type SensorReading,
  temperatureCollector,
} from '../../src/collectors/temperatures.ts';
import { realClock } from '../../src/core/clock.ts';
import { memoryLogger } from '../../src/core/log.ts';

const FIX = new URL('../fixtures/sys/', import.meta.url).pathname;
const ctx = (sys: string) => ({
  roots: { proc: '/proc', sys, dev: '/dev' },
  clock: realClock,
  log: memoryLogger(),
  tick: 0,
});

test('hwmon and thermal zones: CPU package temperature, every sensor listed', async () => {
  const col = temperatureCollector();
  const t = await col.collect(ctx(`${FIX}workstation`));
  assert.equal(t.cpuC, 67);
  assert.deepEqual(t.sensors, [
    { label: 'acpitz/temp1', celsius: 27.8 },
    { label: 'coretemp/Package id 0', celsius: 67 },
    { label: 'coretemp/Core 0', celsius: 61 },
    { label: 'coretemp/Core 1', celsius: 66 },
    { label: 'nvme/Composite', celsius: 38.9 },
    { label: 'amdgpu/edge', celsius: 52 },
    { label: 'acpitz', celsius: 27.8 },
    { label: 'x86_pkg_temp', celsius: 67 },
  ]);
  const amd = await temperatureCollector().collect(ctx(`${FIX}amd-laptop`));
  assert.equal(amd.cpuC, 71.5, 'k10temp Tctl');
});

test('CPU temperature choice: package, Tdie, Tctl, hottest core, then thermal zones', () => {
  const r = (
    chip: string,
    label: string,
    celsius: number,
    kind: 'hwmon' | 'thermal' = 'hwmon',
  ): SensorReading => ({
    chip,
    label,
    celsius,
    kind,
  });
  assert.equal(cpuTemperature([r('coretemp', 'Core 0', 50), r('coretemp', 'Core 1', 58)]), 58);
  assert.equal(cpuTemperature([r('k10temp', 'Tctl', 80), r('k10temp', 'Tdie', 70)]), 70);
  assert.equal(cpuTemperature([r('cpu_thermal', 'temp1', 48)]), 48);
  assert.equal(cpuTemperature([r('acpitz', '', 30, 'thermal'), r('x86_pkg_temp', '', 55, 'thermal')]), 55);
  assert.equal(cpuTemperature([r('acpitz', '', 30, 'thermal'), r('nvme', 'Composite', 40)]), 30);
  assert.equal(cpuTemperature([r('nvme', 'Composite', 40), r('amdgpu', 'edge', 60)]), null);
  assert.equal(milliToCelsius('45123\n'), 45.1);
  assert.equal(milliToCelsius('-273000'), null, 'sensor error values are not temperatures');
  assert.equal(milliToCelsius(''), null);
});

test('no sensors (this machine): null, logged once', async () => {
  const col = temperatureCollector();
  const c = ctx('/nonexistent');
  assert.deepEqual(await col.collect(c), { cpuC: null, sensors: [] });
  await col.collect({ ...c, tick: 1 });
  assert.equal(c.log.lines.filter((l) => String(l.event).startsWith('no temperature sensors')).length, 1);
});
