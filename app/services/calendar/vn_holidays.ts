/**
 * Vietnamese public holidays and make-up working days shipped as defaults,
 * year by year, for state agencies (cán bộ, công chức, viên chức).
 *
 * The Labour Code 2019 (art. 112) grants: New Year (1/1), Tết Nguyên Đán
 * (5 days), Hùng Kings' commemoration (10/3 lunar), Reunification Day (30/4),
 * International Labour Day (1/5) and National Day (2/9 plus the day before or
 * after). A holiday on a weekend is compensated by the next working day.
 * Each year the Prime Minister (through the Ministry of Home Affairs, formerly
 * of Labour) announces the exact days off for state agencies, often swapping
 * a working day with a Saturday that is then worked ("làm bù").
 *
 * Only days that change the working week are listed: weekday days off, and
 * Saturdays worked. Entries marked `provisional` follow the Labour Code rules
 * where no announcement was known when this file was written; an
 * administrator confirms or corrects each year on the calendar page
 * (`PUT /api/calendar/{year}`), which replaces these defaults for that year.
 */

/** One day of a year's calendar, with why it is special. */
export interface CalendarDay {
  /** ISO date, `YYYY-MM-DD`, in Asia/Ho_Chi_Minh. */
  date: string
  /** What the day is, in Vietnamese. */
  name: string
}

/** A year's changes to the Monday–Friday working week. */
export interface YearHolidays {
  year: number
  /** The decisions the days come from. */
  basis: string
  /** True while some days are not yet confirmed by an official announcement. */
  provisional: boolean
  /** Weekdays that are not worked: holidays, compensatory and swapped days. */
  daysOff: CalendarDay[]
  /** Saturdays or Sundays that are worked instead (make-up days). */
  workingDays: CalendarDay[]
}

export const VN_HOLIDAYS: Record<number, YearHolidays> = {
  2025: {
    year: 2025,
    basis:
      'Thông báo lịch nghỉ Tết Âm lịch và Quốc khánh năm 2025 đối với cán bộ, công chức, viên chức ' +
      '(Bộ Lao động – Thương binh và Xã hội); hoán đổi ngày làm việc dịp 30/4–1/5/2025 theo ' +
      'phương án được Thủ tướng Chính phủ đồng ý',
    provisional: false,
    daysOff: [
      { date: '2025-01-01', name: 'Tết Dương lịch' },
      { date: '2025-01-27', name: 'Tết Nguyên Đán (hoán đổi, làm bù thứ Bảy 15/02/2025)' },
      { date: '2025-01-28', name: 'Tết Nguyên Đán (29 tháng Chạp)' },
      { date: '2025-01-29', name: 'Tết Nguyên Đán (mùng 1)' },
      { date: '2025-01-30', name: 'Tết Nguyên Đán (mùng 2)' },
      { date: '2025-01-31', name: 'Tết Nguyên Đán (mùng 3)' },
      { date: '2025-04-07', name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)' },
      { date: '2025-04-30', name: 'Ngày Chiến thắng (30/4)' },
      { date: '2025-05-01', name: 'Ngày Quốc tế Lao động (1/5)' },
      { date: '2025-05-02', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 26/04/2025)' },
      { date: '2025-09-01', name: 'Quốc khánh (ngày liền kề)' },
      { date: '2025-09-02', name: 'Quốc khánh (2/9)' },
    ],
    workingDays: [
      { date: '2025-02-15', name: 'Làm bù cho thứ Hai 27/01/2025' },
      { date: '2025-04-26', name: 'Làm bù cho thứ Sáu 02/05/2025' },
    ],
  },
  2026: {
    year: 2026,
    basis:
      'Phương án nghỉ Tết Dương lịch và Tết Âm lịch 2026 được Thủ tướng Chính phủ đồng ý ' +
      '(Tết Nguyên Đán Bính Ngọ: nghỉ từ thứ Bảy 14/02 đến hết Chủ nhật 22/02/2026); ' +
      'các ngày lễ khác theo Bộ luật Lao động 2019, điều 112',
    provisional: true,
    daysOff: [
      { date: '2026-01-01', name: 'Tết Dương lịch' },
      { date: '2026-01-02', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)' },
      { date: '2026-02-16', name: 'Tết Nguyên Đán (29 tháng Chạp)' },
      { date: '2026-02-17', name: 'Tết Nguyên Đán (mùng 1)' },
      { date: '2026-02-18', name: 'Tết Nguyên Đán (mùng 2)' },
      { date: '2026-02-19', name: 'Tết Nguyên Đán (mùng 3)' },
      { date: '2026-02-20', name: 'Tết Nguyên Đán (mùng 4)' },
      { date: '2026-04-27', name: 'Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch là Chủ nhật 26/04)' },
      { date: '2026-04-30', name: 'Ngày Chiến thắng (30/4)' },
      { date: '2026-05-01', name: 'Ngày Quốc tế Lao động (1/5)' },
      { date: '2026-09-01', name: 'Quốc khánh (ngày liền kề, chờ thông báo chính thức)' },
      { date: '2026-09-02', name: 'Quốc khánh (2/9)' },
    ],
    workingDays: [{ date: '2026-01-10', name: 'Làm bù cho thứ Sáu 02/01/2026' }],
  },
  2027: {
    year: 2027,
    basis:
      'Dự kiến theo Bộ luật Lao động 2019, điều 112 (chưa có thông báo chính thức): ' +
      'Tết Nguyên Đán Đinh Mùi mùng 1 là thứ Bảy 06/02/2027; Giỗ Tổ là thứ Sáu 16/04/2027',
    provisional: true,
    daysOff: [
      { date: '2027-01-01', name: 'Tết Dương lịch' },
      { date: '2027-02-05', name: 'Tết Nguyên Đán (30 tháng Chạp)' },
      { date: '2027-02-08', name: 'Tết Nguyên Đán (mùng 3)' },
      { date: '2027-02-09', name: 'Tết Nguyên Đán (mùng 4)' },
      { date: '2027-02-10', name: 'Nghỉ bù Tết Nguyên Đán (mùng 1 là thứ Bảy)' },
      { date: '2027-02-11', name: 'Nghỉ bù Tết Nguyên Đán (mùng 2 là Chủ nhật)' },
      { date: '2027-04-16', name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)' },
      { date: '2027-04-30', name: 'Ngày Chiến thắng (30/4)' },
      { date: '2027-05-03', name: 'Nghỉ bù Ngày Quốc tế Lao động (1/5 là thứ Bảy)' },
      { date: '2027-09-02', name: 'Quốc khánh (2/9)' },
      { date: '2027-09-03', name: 'Quốc khánh (ngày liền kề)' },
    ],
    workingDays: [],
  },
}

/**
 * Solar-calendar holidays used for a year that has neither shipped defaults nor an
 * administrator's configuration (lunar holidays cannot be guessed reliably: such a year
 * should be configured). A holiday on a weekend moves to the next weekday.
 */
export const FIXED_SOLAR_HOLIDAYS: { monthDay: string; name: string }[] = [
  { monthDay: '01-01', name: 'Tết Dương lịch' },
  { monthDay: '04-30', name: 'Ngày Chiến thắng (30/4)' },
  { monthDay: '05-01', name: 'Ngày Quốc tế Lao động (1/5)' },
  { monthDay: '09-02', name: 'Quốc khánh (2/9)' },
]
