/** Words the bench's generated companies are made of: the pack's own option values, and Chinese names (科技 in one trade of ten). */
export const CITIES = ['北京', '上海', '深圳', '杭州', '成都', '武汉', '南京', '西安', '广州', '苏州', '天津', '长沙', '青岛', '厦门', '合肥', '洛阳'];
export const CORES = [
  '华信',
  '恒通',
  '宏达',
  '金鼎',
  '瑞丰',
  '中科',
  '天成',
  '博远',
  '鑫源',
  '海纳',
  '新航',
  '润泽',
  '嘉禾',
  '云帆',
  '东方',
  '盛世',
  '远景',
  '联创',
  '万象',
  '启明',
];
export const TRADES = ['科技', '贸易', '实业', '软件', '电子', '物流', '建材', '医药', '能源', '传媒'];
export const INDUSTRIES = [
  'manufacturing',
  'software',
  'retail',
  'finance',
  'education',
  'healthcare',
  'construction',
  'logistics',
  'energy',
  'food',
  'government',
  'other',
];
export const SOURCES = ['website', 'referral', 'exhibition', 'coldCall', 'advertising', 'partner', 'other'];
export const GRADES = ['A', 'B', 'C'];
export const SUFFIXES = ['有限公司', '股份有限公司', '集团有限公司', '有限责任公司'];
