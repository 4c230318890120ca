/**
 * Synthetic ID cards for the emulator and the simulators: invented people with valid
 * GB 11643 numbers. Photos are ordinary PNGs in fixture-photos/, referenced by file name,
 * and one BMP like the vendor decoders' output.
 */
import { join } from 'node:path';
import { LONG_TERM, type IdCardText } from './card-text';

export interface FixtureCard {
  readonly text: IdCardText;
  /** File name in the fixture photo directory. */
  readonly photoFile: string;
}

/** Relative to the project root; the composition root resolves it. */
export const FIXTURE_PHOTO_DIR = 'hardware/idcard/fixture-photos';

export const FIXTURE_CARDS = {
  /** Shenzhen (Longgang) address that fills most of the 35-character field; valid until 2036. */
  zhangWei: {
    text: {
      name: '张伟', sex: 'male', ethnicityCode: '01', ethnicity: '汉', birthDate: '19880315',
      address: '广东省深圳市龙岗区平湖街道平湖社区平新北路42号华南城3栋1203房',
      idNumber: '440307198803150133', issuingAuthority: '深圳市公安局龙岗分局',
      validFrom: '20160520', validTo: '20360520', reserved: '',
    },
    photoFile: 'zhang-wei.png',
  },
  /** Shenzhen (Futian) address; issued at 53, so the card never expires (长期). */
  liXiuying: {
    text: {
      name: '李秀英', sex: 'female', ethnicityCode: '01', ethnicity: '汉', birthDate: '19580908',
      address: '广东省深圳市福田区华强北街道华航社区燕南路98号',
      idNumber: '440304195809080241', issuingAuthority: '深圳市公安局福田分局',
      validFrom: '20120611', validTo: LONG_TERM, reserved: '',
    },
    photoFile: 'li-xiuying.png',
  },
  /** Non-Shenzhen (Urumqi) card, Uyghur, a long name with a middle dot. */
  ayguliMamat: {
    text: {
      name: '阿依古丽·买买提', sex: 'female', ethnicityCode: '05', ethnicity: '维吾尔', birthDate: '19950722',
      address: '新疆维吾尔自治区乌鲁木齐市天山区解放南路166号',
      idNumber: '650102199507220468', issuingAuthority: '乌鲁木齐市公安局天山区分局',
      validFrom: '20190801', validTo: '20290801', reserved: '',
    },
    photoFile: 'ayguli-mamat.png',
  },
  /** Shenzhen (Bao'an) address; expired on 2025-03-10. */
  chenJianguo: {
    text: {
      name: '陈建国', sex: 'male', ethnicityCode: '01', ethnicity: '汉', birthDate: '19700102',
      address: '广东省深圳市宝安区新安街道海旺社区宝兴路8号',
      idNumber: '440306197001020352', issuingAuthority: '深圳市公安局宝安分局',
      validFrom: '20050310', validTo: '20250310', reserved: '',
    },
    photoFile: 'chen-jianguo.png',
  },
  /** Non-Shenzhen (Zhangjiajie) card, Tujia, ID number ending in X. */
  liuYang: {
    text: {
      name: '刘洋', sex: 'male', ethnicityCode: '15', ethnicity: '土家', birthDate: '20010615',
      address: '湖南省张家界市永定区解放路12号',
      idNumber: '43080220010615049X', issuingAuthority: '张家界市公安局永定分局',
      validFrom: '20170704', validTo: '20270704', reserved: '',
    },
    photoFile: 'liu-yang.png',
  },
  /** Shenzhen (Nanshan) address; her photo is a 24-bit bottom-up BMP, as vendor WLT decoders return it. */
  wangFang: {
    text: {
      name: '王芳', sex: 'female', ethnicityCode: '01', ethnicity: '汉', birthDate: '19900412',
      address: '广东省深圳市南山区粤海街道科技园社区科苑路15号',
      idNumber: '440305199004120829', issuingAuthority: '深圳市公安局南山分局',
      validFrom: '20150903', validTo: '20350903', reserved: '',
    },
    photoFile: 'wang-fang.bmp',
  },
} as const satisfies Record<string, FixtureCard>;

export type FixtureCardName = keyof typeof FIXTURE_CARDS;

/** Photo paths by ID number, the shape simulatedWltDecoder takes. */
export function fixturePhotoPaths(photoDir: string): Readonly<Record<string, string>> {
  return Object.fromEntries(
    Object.values(FIXTURE_CARDS).map((card) => [card.text.idNumber, join(photoDir, card.photoFile)]),
  );
}
