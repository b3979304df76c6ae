/**
 * The two predefined `validationType`s of a form-js text field: `email`
 * and `phone`. They accept exactly what the browser accepts, so a
 * submission the viewer lets through is not refused by the server.
 */

/**
 * A valid e-mail address as the WHATWG HTML standard defines it for
 * `<input type="email">`, which is also the rule form-js applies.
 */
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/

/** Whether the text is a valid e-mail address (WHATWG HTML). */
export function isEmailAddress(text: string): boolean {
  return EMAIL.test(text)
}

/**
 * International calling codes (ITU-T E.164) accepted after `+` or `00`,
 * as form-js lists them: grouped by world zone, with the North American
 * and other shared-prefix areas that form-js names separately.
 */
const CALLING_CODES: readonly string[] = [
  // zone 1: North American Numbering Plan and its territories
  '1',
  '1242',
  '1246',
  '1264',
  '1268',
  '1284',
  '1340',
  '1345',
  '1441',
  '1473',
  '1649',
  '1664',
  '1670',
  '1671',
  '1684',
  '1721',
  '1758',
  '1767',
  '1784',
  '1787',
  '1809',
  '1829',
  '1849',
  '1868',
  '1869',
  '1876',
  '1939',
  // zone 2: Africa and the North Atlantic
  '20',
  '211',
  '212',
  '213',
  '216',
  '218',
  '220',
  '221',
  '222',
  '223',
  '224',
  '225',
  '226',
  '227',
  '228',
  '229',
  '230',
  '231',
  '232',
  '233',
  '234',
  '235',
  '236',
  '237',
  '238',
  '239',
  '240',
  '241',
  '242',
  '243',
  '244',
  '245',
  '246',
  '248',
  '249',
  '250',
  '251',
  '252',
  '253',
  '254',
  '255',
  '256',
  '257',
  '258',
  '260',
  '261',
  '262',
  '263',
  '264',
  '265',
  '266',
  '267',
  '268',
  '269',
  '27',
  '291',
  '297',
  '298',
  '299',
  // zones 3 and 4: Europe
  '30',
  '31',
  '32',
  '33',
  '34',
  '350',
  '351',
  '352',
  '353',
  '354',
  '355',
  '356',
  '357',
  '358',
  '359',
  '36',
  '370',
  '371',
  '372',
  '373',
  '374',
  '375',
  '376',
  '377',
  '378',
  '379',
  '380',
  '381',
  '382',
  '383',
  '385',
  '386',
  '387',
  '389',
  '39',
  '3906698',
  '40',
  '41',
  '420',
  '421',
  '423',
  '43',
  '44',
  '45',
  '46',
  '47',
  '4779',
  '48',
  '49',
  // zone 5: the Americas south of the NANP
  '500',
  '501',
  '502',
  '503',
  '504',
  '505',
  '506',
  '507',
  '508',
  '509',
  '51',
  '52',
  '53',
  '54',
  '55',
  '56',
  '57',
  '58',
  '590',
  '591',
  '592',
  '593',
  '594',
  '595',
  '596',
  '597',
  '598',
  '5999',
  // zone 6: South-East Asia and Oceania
  '60',
  '61',
  '62',
  '63',
  '64',
  '65',
  '66',
  '670',
  '672',
  '673',
  '674',
  '675',
  '676',
  '677',
  '678',
  '679',
  '680',
  '681',
  '682',
  '683',
  '685',
  '686',
  '687',
  '688',
  '689',
  '690',
  '691',
  '692',
  // zone 7: Russia and Kazakhstan
  '7',
  '76',
  '77',
  // zone 8: East Asia
  '81',
  '82',
  '84',
  '850',
  '852',
  '853',
  '855',
  '856',
  '86',
  '880',
  '886',
  // zone 9: West, Central and South Asia
  '90',
  '91',
  '92',
  '93',
  '94',
  '95',
  '960',
  '961',
  '962',
  '963',
  '964',
  '965',
  '966',
  '967',
  '968',
  '970',
  '971',
  '972',
  '973',
  '974',
  '975',
  '976',
  '977',
  '98',
  '992',
  '993',
  '994',
  '995',
  '996',
  '998',
]

/**
 * After the calling code, form-js expects a number that again starts like
 * a calling code (one digit for 1 and 7, two or three digits otherwise,
 * as E.164 sizes codes by their first two digits) and then 4 to 20 digits.
 * These are the two-digit starts that make a three-digit lead.
 */
const THREE_DIGIT_LEADS = new Set([
  '21',
  '22',
  '23',
  '24',
  '25',
  '26',
  '28',
  '29',
  '35',
  '37',
  '38',
  '42',
  '50',
  '59',
  '67',
  '68',
  '69',
  '80',
  '83',
  '85',
  '87',
  '88',
  '89',
  '96',
  '97',
  '99',
])

function leadLength(digits: string): number {
  if (digits[0] === '1' || digits[0] === '7') {
    return 1
  }
  return THREE_DIGIT_LEADS.has(digits.slice(0, 2)) ? 3 : 2
}

function isSubscriberPart(digits: string): boolean {
  if (!/^[1-9]\d*$/.test(digits)) {
    return false
  }
  const rest = digits.length - leadLength(digits)
  return rest >= 4 && rest <= 20
}

/**
 * Whether the text ends with an international phone number: `+` or `00`,
 * a calling code, then the digits of the number, with no spaces. Like
 * form-js, text before the number is not looked at.
 */
export function isInternationalPhoneNumber(text: string): boolean {
  for (let start = 0; start < text.length; start++) {
    let rest: string
    if (text[start] === '+') {
      rest = text.slice(start + 1)
    } else if (text.startsWith('00', start)) {
      rest = text.slice(start + 2)
    } else {
      continue
    }
    if (!/^\d+$/.test(rest)) {
      continue
    }
    for (const code of CALLING_CODES) {
      if (rest.startsWith(code) && isSubscriberPart(rest.slice(code.length))) {
        return true
      }
    }
  }
  return false
}
