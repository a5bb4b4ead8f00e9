#include "log/tag.h"

#include <syslog.h>

#include <gtest/gtest.h>

namespace {

using rc::log::Tag;

TEST(Tag, NamesAreTheOriginalOnes) {
  EXPECT_EQ(rc::log::tag_name(Tag::kInfo), "INFO");
  EXPECT_EQ(rc::log::tag_name(Tag::kProtoErr), "PROTO_ERR");
  EXPECT_EQ(rc::log::tag_name(Tag::kProtoWarn), "PROTO_WARN");
  EXPECT_EQ(rc::log::tag_name(Tag::kInternalErr), "INTERNAL_ERR");
  EXPECT_EQ(rc::log::tag_name(Tag::kInternalWarn), "INTERNAL_WARN");
  EXPECT_EQ(rc::log::tag_name(Tag::kDebug), "DEBUG");
  EXPECT_EQ(rc::log::tag_name(Tag::kCritical), "CRITICAL");
}

TEST(Tag, SyslogPrioritiesMatchTheOriginal) {
  EXPECT_EQ(rc::log::syslog_priority(Tag::kInfo), LOG_INFO);
  EXPECT_EQ(rc::log::syslog_priority(Tag::kProtoErr), LOG_ERR);
  EXPECT_EQ(rc::log::syslog_priority(Tag::kProtoWarn), LOG_WARNING);
  EXPECT_EQ(rc::log::syslog_priority(Tag::kInternalErr), LOG_ERR);
  EXPECT_EQ(rc::log::syslog_priority(Tag::kInternalWarn), LOG_WARNING);
  EXPECT_EQ(rc::log::syslog_priority(Tag::kDebug), LOG_DEBUG);
  EXPECT_EQ(rc::log::syslog_priority(Tag::kCritical), LOG_CRIT);
}

}  // namespace
