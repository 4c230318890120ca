/**
 * A made-up address base shaped like Shenzhen's, for development, tests and the embedded
 * default: every street of the street list gets communities, grids, and buildings of
 * five kinds (urban villages, housing estates, office towers, industrial parks, markets)
 * with road numbers, floors and rooms, a usage mix that follows the kind and the floor,
 * and a few demolished buildings and flagged rooms. Deterministic: the same street list,
 * size and seed give the same rows, in house-code order; each street has its own random
 * stream, so the fixture rooms (sample-fixtures.ts) are the same at every size.
 */
import type { Street, StreetDirectory } from '../../rules/street-directory';
import type { AddressRow } from './address-csv';
import type { RoomStatus, RoomUsage } from './address-record';
import { SAMPLE_FIXTURES, type SampleFixture } from './sample-fixtures';
import { allStreets } from './street-list';

/** About this many rooms by default (the fixture buildings come on top). */
export const SAMPLE_ROOMS = 250_000;

export interface SampleOptions {
  rooms?: number;
  seed?: number;
}

interface Room {
  label: string;
  usage: RoomUsage;
  status: RoomStatus;
}

interface Building {
  /** The five building digits of the house code. */
  number: number;
  road: string;
  roadNumber: string;
  name: string;
  rooms: Room[];
}

export function* generateSampleRows(streets: StreetDirectory, options: SampleOptions = {}): Generator<AddressRow> {
  const seed = options.seed ?? 1;
  const list = allStreets(streets);
  const perStreet = (options.rooms ?? SAMPLE_ROOMS) / list.length;
  for (const street of list) {
    const fixtures = SAMPLE_FIXTURES.filter((f) => f.houseCode.startsWith(street.code));
    yield* new StreetGenerator(street, perStreet, mulberry32(hashText(street.code) ^ seed), fixtures).rows();
  }
}

const PLACE = '新木石岗龙华富安和平福祥瑞景园湖山田岭坑塘围水沙桥湾海东西南北上下大金玉凤鹤松竹梅兰荷桂文仁民乐兴盛昌隆泰康宁嘉丰裕永长'.split('');
const ROAD_SUFFIXES = ['路', '大道', '街', '一路', '二路', '大街', '中路'];
const LANE_NUMERALS = '一二三四五六七八九'.split('');
const FLAGGED_SHARE = 0.003;

type Random = () => number;

class StreetGenerator {
  private readonly names = new Set<string>();
  /** Road → the last number given on it in this street. */
  private readonly roads = new Map<string, number>();

  constructor(
    private readonly street: Street,
    private readonly quota: number,
    private readonly random: Random,
    private readonly fixtures: readonly SampleFixture[],
  ) {
    for (const fixture of fixtures) this.names.add(fixture.communityName);
    const roadCount = this.between(6, 10);
    for (let i = 0; i < roadCount; i++) this.roads.set(this.uniqueName(() => `${this.place()}${this.pick(ROAD_SUFFIXES)}`), 0);
  }

  *rows(): Generator<AddressRow> {
    const fixtureCommunities = new Map(this.fixtures.map((f) => [digits(f.houseCode, 9, 12), f.communityName]));
    const communityCount = Math.max(this.between(4, 10), ...fixtureCommunities.keys());
    for (let community = 1; community <= communityCount; community++) {
      const communityName = fixtureCommunities.get(community) ?? this.uniqueName(() => `${this.place()}社区`);
      const fixtures = this.fixtures.filter((f) => digits(f.houseCode, 9, 12) === community);
      const gridCount = Math.max(this.between(2, 6), ...fixtures.map((f) => digits(f.houseCode, 12, 14)));
      const roads = this.pickSome([...this.roads.keys()], this.between(2, 3));
      const gridQuota = ((this.quota / communityCount) * (0.5 + this.random())) / gridCount;
      for (let grid = 1; grid <= gridCount; grid++) {
        const gridFixtures = fixtures.filter((f) => digits(f.houseCode, 12, 14) === grid);
        const buildings = this.gridBuildings(gridQuota, roads, gridFixtures, grid === 1 ? communityName : undefined);
        const gridCode = `${this.street.code}${pad(community, 3)}${pad(grid, 2)}`;
        for (const building of buildings) {
          for (const [index, room] of building.rooms.entries()) {
            yield {
              houseCode: `${gridCode}${pad(building.number, 5)}${pad(index + 1, 6)}`,
              community: communityName,
              grid: `${communityName}第${grid}网格`,
              road: building.road,
              number: building.roadNumber,
              building: building.name,
              room: room.label,
              usage: room.usage,
              status: room.status,
            };
          }
        }
      }
    }
  }

  /** Developments until the grid has its share of rooms; the fixture buildings at their own numbers. */
  private gridBuildings(quota: number, roads: readonly string[], fixtures: readonly SampleFixture[], serviceCentreOf: string | undefined): Building[] {
    const reserved = new Set(fixtures.map((f) => digits(f.houseCode, 14, 19)));
    let next = 0;
    const nextNumber = (): number => {
      do next += 1;
      while (reserved.has(next));
      return next;
    };
    const buildings: Building[] = fixtures.map((f) => fixtureBuilding(f));
    if (serviceCentreOf) buildings.push(this.serviceCentre(serviceCentreOf, nextNumber(), roads));
    let rooms = 0;
    while (rooms < quota) {
      for (const building of this.development(this.pickKind(), roads, quota - rooms, nextNumber)) {
        buildings.push(building);
        rooms += building.rooms.length;
      }
    }
    return buildings.sort((a, b) => a.number - b.number);
  }

  private development(kind: Kind, roads: readonly string[], wanted: number, nextNumber: () => number): Building[] {
    const name = this.uniqueName(() => `${this.place()}${this.pick(kind.names)}`);
    const perFloor = this.between(...kind.perFloor);
    // No taller than the grid's share needs, so that small samples stay small.
    const floors = Math.min(this.between(...kind.floors), Math.ceil(wanted / perFloor));
    const count = Math.max(1, Math.min(this.between(...kind.buildings), Math.ceil(wanted / (floors * perFloor))));
    // A village has its own lanes, one number per house; elsewhere one road number for the whole development.
    const lane = kind.ownLane ? `${name}${this.pick(LANE_NUMERALS)}巷` : undefined;
    const road = lane ?? this.pick(roads);
    let roadNumber = lane ? 0 : this.nextRoadNumber(road);
    const demolished = this.random() < kind.demolishedShare;
    return Array.from({ length: count }, (_, i): Building => {
      if (lane) roadNumber += this.between(1, 3);
      return {
        number: nextNumber(),
        road,
        roadNumber: `${roadNumber}号`,
        name: kind.buildingName(name, i, count),
        rooms: this.rooms(floors, perFloor, (floor, unit) => ({
          label: kind.label(floor, unit, i),
          usage: kind.usage(floor, this.random),
          status: demolished ? 'demolished' : this.random() < FLAGGED_SHARE ? 'flagged-for-inspection' : 'normal',
        })),
      };
    });
  }

  private serviceCentre(communityName: string, number: number, roads: readonly string[]): Building {
    const road = this.pick(roads);
    return {
      number,
      road,
      roadNumber: `${this.nextRoadNumber(road)}号`,
      name: `${communityName}党群服务中心`,
      rooms: this.rooms(2, 3, (floor, unit) => ({ label: `${floor}${pad(unit, 2)}室`, usage: '公共服务', status: 'normal' })),
    };
  }

  private rooms(floors: number, perFloor: number, room: (floor: number, unit: number) => Room): Room[] {
    const rooms: Room[] = [];
    for (let floor = 1; floor <= floors; floor++) for (let unit = 1; unit <= perFloor; unit++) rooms.push(room(floor, unit));
    return rooms;
  }

  private pickKind(): Kind {
    let roll = this.random() * TOTAL_WEIGHT;
    for (const kind of KINDS) {
      roll -= kind.weight;
      if (roll < 0) return kind;
    }
    return KINDS[0] as Kind;
  }

  private nextRoadNumber(road: string): number {
    const number = (this.roads.get(road) ?? 0) + this.between(2, 12);
    this.roads.set(road, number);
    return number;
  }

  private uniqueName(make: () => string): string {
    for (let attempt = 0; ; attempt++) {
      const name = attempt < 20 ? make() : `${make()}${attempt}`;
      if (!this.names.has(name)) {
        this.names.add(name);
        return name;
      }
    }
  }

  /** Two different characters, e.g. 新木. */
  private place(): string {
    const first = this.pick(PLACE);
    let second = this.pick(PLACE);
    while (second === first) second = this.pick(PLACE);
    return first + second;
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)] as T;
  }

  private pickSome<T>(items: readonly T[], count: number): T[] {
    const left = [...items];
    return Array.from({ length: Math.min(count, left.length) }, () => left.splice(Math.floor(this.random() * left.length), 1)[0] as T);
  }

  private between(low: number, high: number): number {
    return low + Math.floor(this.random() * (high - low + 1));
  }
}

interface Kind {
  weight: number;
  names: readonly string[];
  buildings: [number, number];
  floors: [number, number];
  perFloor: [number, number];
  ownLane?: boolean;
  demolishedShare: number;
  buildingName(development: string, index: number, count: number): string;
  label(floor: number, unit: number, buildingIndex: number): string;
  usage(floor: number, random: Random): RoomUsage;
}

const KINDS: readonly Kind[] = [
  {
    // 城中村: hand-shake buildings on a village lane, shops on the ground floor.
    weight: 35,
    names: ['村', '新村', '老村'],
    buildings: [3, 10],
    floors: [4, 9],
    perFloor: [2, 4],
    ownLane: true,
    demolishedShare: 0.02,
    buildingName: () => '',
    label: (floor, unit) => `${floor}${pad(unit, 2)}`,
    usage: (floor, random) => (floor === 1 ? (random() < 0.6 ? '商业' : '住宅') : random() < 0.1 ? '商住' : '住宅'),
  },
  {
    weight: 30,
    names: ['花园', '苑', '家园', '雅居', '名苑'],
    buildings: [2, 8],
    floors: [8, 33],
    perFloor: [4, 6],
    demolishedShare: 0,
    buildingName: (development, index) => `${development}${index + 1}栋`,
    label: (floor, unit) => `${pad(floor, 2)}${pad(unit, 2)}`,
    usage: (floor, random) => (floor === 1 && random() < 0.3 ? '商业' : '住宅'),
  },
  {
    weight: 10,
    names: ['大厦', '广场', '中心', '商务中心'],
    buildings: [1, 3],
    floors: [10, 40],
    perFloor: [6, 12],
    demolishedShare: 0,
    buildingName: (development, index, count) => (count === 1 ? development : `${development}${'ABC'.charAt(index)}座`),
    label: (floor, unit) => `${floor}${pad(unit, 2)}室`,
    usage: (floor, random) => (floor <= 2 || random() < 0.05 ? '商业' : '办公'),
  },
  {
    weight: 15,
    names: ['工业园', '工业区', '科技园'],
    buildings: [2, 6],
    floors: [1, 6],
    perFloor: [1, 4],
    demolishedShare: 0.02,
    buildingName: (development, index) => `${development}${index + 1}号${index % 4 === 3 ? '仓库' : '厂房'}`,
    label: (floor, unit) => `${floor}${pad(unit, 2)}`,
    usage: (_floor, random) => {
      const roll = random();
      return roll < 0.7 ? '工业' : roll < 0.85 ? '仓储' : roll < 0.99 ? '办公' : '其他';
    },
  },
  {
    weight: 10,
    names: ['商业城', '市场', '商业广场'],
    buildings: [1, 4],
    floors: [1, 4],
    perFloor: [10, 30],
    demolishedShare: 0,
    buildingName: (development, index) => `${development}${index + 1}号楼`,
    label: (floor, unit, buildingIndex) => `${String.fromCharCode(65 + (buildingIndex % 26))}${floor}${pad(unit, 2)}`,
    usage: (_floor, random) => (random() < 0.95 ? '商业' : '仓储'),
  },
];
const TOTAL_WEIGHT = KINDS.reduce((sum, kind) => sum + kind.weight, 0);

const FIXTURE_FLOORS = 6;
const FIXTURE_ROOMS_PER_FLOOR = 4;

function fixtureBuilding(fixture: SampleFixture): Building {
  const rooms: Room[] = [];
  for (let floor = 1; floor <= FIXTURE_FLOORS; floor++) {
    for (let unit = 1; unit <= FIXTURE_ROOMS_PER_FLOOR; unit++) {
      rooms.push({ label: `${floor}${pad(unit, 2)}室`, usage: fixture.usage, status: fixture.status });
    }
  }
  return {
    number: digits(fixture.houseCode, 14, 19),
    road: fixture.road,
    roadNumber: fixture.number,
    name: fixture.buildingName,
    rooms,
  };
}

function digits(code: string, from: number, to: number): number {
  return Number(code.slice(from, to));
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** mulberry32: a small, fast, seeded generator of numbers in [0, 1) (also the handwriting benchmark's writer). */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
